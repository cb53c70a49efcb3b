package app.provisioning.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a bearer token. Tokens are high-entropy secrets, so an unsalted fast hash is
 * enough to make a leaked table useless while keeping the per-request lookup an index
 * hit.
 */
public final class TokenHasher {

	private TokenHasher() {
	}

	public static byte[] hash(String token) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	public static boolean matches(String token, byte[] expectedHash) {
		return sameHash(hash(token), expectedHash);
	}

	/** Constant-time comparison of two hashes. */
	public static boolean sameHash(byte[] presentedHash, byte[] expectedHash) {
		return MessageDigest.isEqual(presentedHash, expectedHash);
	}

}
