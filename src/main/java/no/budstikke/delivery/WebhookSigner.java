package no.budstikke.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a webhook push the Standard Webhooks way: {@code webhook-signature: v1,<base64 HMAC-SHA256 of
 * "{webhook-id}.{webhook-timestamp}.{body}">}, keyed with the base64 part of the subscription's {@code whsec_} secret.
 */
public final class WebhookSigner {

    private static final String PREFIX = "whsec_";
    /** Looking up the algorithm costs more than signing a small event: each thread keeps its own instance. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    });

    public String signature(String signingSecret, String webhookId, long timestampSeconds, byte[] body) {
        if (!signingSecret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("A signing secret starts with " + PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(signingSecret.substring(PREFIX.length()));
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("The signing secret is not a usable key", e);
        }
    }
}
