package app.provisioning.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for secrets stored in the database. Without a configured key a development key
 * is generated once and kept in a file next to the embedded database, with a warning.
 */
@Component
public class SecretCipher {

	private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretCipher(EncryptionProperties properties) {
		this.key = new SecretKeySpec(loadKey(properties), "AES");
	}

	public byte[] encrypt(byte[] plain) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = cipher.doFinal(plain);
			return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	public byte[] decrypt(byte[] stored) {
		if (stored == null || stored.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new IllegalStateException("Not an encrypted value: too short");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
			return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(
					"Cannot decrypt a stored secret: PROVISIONING_ENCRYPTION_KEY differs from the key it was written with", ex);
		}
	}

	private static byte[] loadKey(EncryptionProperties properties) {
		if (properties.key() != null && !properties.key().isBlank()) {
			return decode(properties.key().trim(), "PROVISIONING_ENCRYPTION_KEY");
		}
		try {
			if (Files.exists(properties.keyFile())) {
				return decode(Files.readString(properties.keyFile(), StandardCharsets.US_ASCII).trim(),
						properties.keyFile().toString());
			}
			byte[] generated = new byte[32];
			RANDOM.nextBytes(generated);
			Files.createDirectories(properties.keyFile().toAbsolutePath().getParent());
			Files.writeString(properties.keyFile(), Base64.getEncoder().encodeToString(generated), StandardCharsets.US_ASCII);
			log.warn("Development setup: generated an encryption key in {}. In production set PROVISIONING_ENCRYPTION_KEY"
					+ " (openssl rand -base64 32) and keep it safe", properties.keyFile().toAbsolutePath());
			return generated;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the encryption key file " + properties.keyFile(), ex);
		}
	}

	private static byte[] decode(String base64, String source) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(source + " is not base64; generate one with: openssl rand -base64 32");
		}
		if (key.length != 32) {
			throw new IllegalStateException(source + " must be 32 bytes (base64 of 32 random bytes), not " + key.length);
		}
		return key;
	}

}
