#!/bin/bash
# Creates this broker's instance on its first start (an empty volume), as one of a symmetric cluster with the
# broker named in PEER_HOST, the same way the cluster suite does (src/test/java/no/budstikke/support/ArtemisBroker.java),
# then runs it. Environment: BROKER_NAME, PEER_HOST, HUB_PASSWORD, CLUSTER_PASSWORD, PUBLISHER_USER/PASSWORD/…
set -euo pipefail
ARTEMIS_HOME=${ARTEMIS_HOME:-/opt/activemq-artemis}
INSTANCE=${ARTEMIS_INSTANCE:-/var/lib/artemis-instance}
ETC="$INSTANCE/etc"

if [ ! -f "$ETC/broker.xml" ]; then
    "$ARTEMIS_HOME/bin/artemis" create "$INSTANCE" --silent --force --name "$BROKER_NAME" \
        --host 0.0.0.0 --default-port 61616 \
        --user hub --password "$HUB_PASSWORD" --role amq --require-login \
        --clustered --cluster-user cluster --cluster-password "$CLUSTER_PASSWORD" \
        --staticCluster "tcp://$PEER_HOST:61616" --message-load-balancing OFF_WITH_REDISTRIBUTION --max-hops 1 \
        --no-web --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
        --java-memory "${BROKER_HEAP:-1G}" \
        --queues budstikke.delivery:anycast,events.inbound:anycast,events.inbound.invalid:anycast
    # The cluster connector names this broker as the others reach it; the acceptor listens on every interface.
    sed -i -E -e "s#<connector name=\"artemis\">tcp://[^:]+:61616</connector>#<connector name=\"artemis\">tcp://$BROKER_NAME:61616</connector>#" \
        -e 's#<acceptor name="artemis">tcp://[^:]+:61616#<acceptor name="artemis">tcp://0.0.0.0:61616#' "$ETC/broker.xml"
    # One acceptor: core for the hub nodes and the other broker, AMQP 1.0 for publishers and subscribers.
    sed -i -E 's/protocols=[A-Z,]+/protocols=CORE,AMQP/' "$ETC/broker.xml"
    permissions() { # match, types shared with a role, that role
        echo "         <security-setting match=\"$1\">"
        for type in createNonDurableQueue deleteNonDurableQueue createDurableQueue deleteDurableQueue createAddress \
                deleteAddress consume browse send manage; do
            roles=amq
            case " $2 " in *" $type "*) roles="amq,$3" ;; esac
            echo "            <permission type=\"$type\" roles=\"$roles\"/>"
        done
        echo "         </security-setting>"
    }
    retried() { # match, longest redelivery delay (ms)
        cat <<XML
         <address-setting match="$1">
            <redistribution-delay>0</redistribution-delay>
            <max-delivery-attempts>-1</max-delivery-attempts>
            <redelivery-delay>1000</redelivery-delay>
            <redelivery-delay-multiplier>2</redelivery-delay-multiplier>
            <max-redelivery-delay>$2</max-redelivery-delay>
         </address-setting>
XML
    }
    {
        echo "      <security-settings>"
        permissions "#" "" ""
        permissions "events.inbound" "send" "publisher"
        permissions "$READER_QUEUE" "consume browse createDurableQueue createAddress" "reader"
        echo "      </security-settings>"
    } > /tmp/security.xml
    { retried budstikke.delivery 60000; retried events.inbound 30000; echo "      </address-settings>"; } > /tmp/address.xml
    cat > /tmp/plugins.xml <<XML
      <broker-plugins>
         <broker-plugin class-name="no.budstikke.config.SenderStamp">
            <property key="trusted-users" value="cluster"/>
         </broker-plugin>
      </broker-plugins>
   </core>
XML
    sed -i -e '/<security-settings>/,/<\/security-settings>/{/<\/security-settings>/r /tmp/security.xml' -e 'd}' \
        -e 's#<address-setting match="\#">#<address-setting match="\#">\n            <redistribution-delay>0</redistribution-delay>#' \
        -e '/<\/address-settings>/{r /tmp/address.xml' -e 'd}' \
        -e '/<\/core>/{r /tmp/plugins.xml' -e 'd}' "$ETC/broker.xml"
    printf '\n%s = %s\n%s = %s\n' "$PUBLISHER_USER" "$PUBLISHER_PASSWORD" "$READER_USER" "$READER_PASSWORD" >> "$ETC/artemis-users.properties"
    printf '\npublisher = %s\nreader = %s\n' "$PUBLISHER_USER" "$READER_USER" >> "$ETC/artemis-roles.properties"
fi
[ "${CONFIGURE_ONLY:-}" = "true" ] && exit 0
exec "$INSTANCE/bin/artemis" run
