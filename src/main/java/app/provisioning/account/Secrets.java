package app.provisioning.account;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * High-entropy secrets for tokens and keys: 256 random bits, base64url without padding.
 */
public final class Secrets {

	private static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

	public static String generate() {
		byte[] secret = new byte[32];
		RANDOM.nextBytes(secret);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

}
