package no.budstikke.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** The signature checked by a verifier written here from the Standard Webhooks spec, not by the signer itself. */
class WebhookSignerTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    /** Spec: key = base64-decode(secret without "whsec_"); content = "{id}.{timestamp}.{body}"; v1,base64(HMAC-SHA256). */
    private static boolean verifies(String header, String secret, String id, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.split("_", 2)[1]), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        for (String candidate : header.split(" ")) {
            String[] parts = candidate.split(",", 2);
            if (parts[0].equals("v1") && MessageDigest.isEqual(Base64.getDecoder().decode(parts[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void signatureVerifiesWithAnIndependentImplementationOfTheSpec() throws Exception {
        String header = new WebhookSigner().signature(SECRET, ID, TIMESTAMP, BODY);

        assertThat(verifies(header, SECRET, ID, TIMESTAMP, BODY)).isTrue();
        // The worked example published with the Standard Webhooks specification.
        assertThat(header).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anyChangeToIdTimestampBodyOrSecretBreaksTheSignature() throws Exception {
        String header = new WebhookSigner().signature(SECRET, ID, TIMESTAMP, BODY);

        assertThat(verifies(header, SECRET, ID + "x", TIMESTAMP, BODY)).isFalse();
        assertThat(verifies(header, SECRET, ID, TIMESTAMP + 1, BODY)).isFalse();
        assertThat(verifies(header, SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(verifies(header, "whsec_" + Base64.getEncoder().encodeToString(new byte[32]), ID, TIMESTAMP, BODY)).isFalse();
    }

    @Test
    void aSecretWithoutThePrefixIsRefused() {
        assertThatThrownBy(() -> new WebhookSigner().signature("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ID, TIMESTAMP, BODY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
