package app.provisioning.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * AES-256-GCM for secrets stored in the database. Without a configured key a development
 * key is generated once and kept in a file next to the embedded database, with a warning.
 * During a key rotation the previous keys still decrypt; only the current key encrypts.
 */
@Component
public class SecretCipher {

	private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	private final List<SecretKeySpec> previousKeys = new ArrayList<>();

	private final SecretKeySpec nextKey;

	SecretCipher(EncryptionProperties properties) {
		this.key = new SecretKeySpec(loadKey(properties), "AES");
		this.nextKey = (properties.nextKey() != null) ? new SecretKeySpec(
				EncryptionKeys.decode(properties.nextKey(), "PROVISIONING_ENCRYPTION_NEXT_KEY"), "AES") : null;
		for (String previous : properties.previousKeys()) {
			this.previousKeys.add(
					new SecretKeySpec(EncryptionKeys.decode(previous, "PROVISIONING_ENCRYPTION_PREVIOUS_KEYS"), "AES"));
		}
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
		byte[] plain = decryptWith(this.key, stored);
		for (int i = 0; plain == null && i < this.previousKeys.size(); i++) {
			plain = decryptWith(this.previousKeys.get(i), stored);
		}
		if (plain == null && this.nextKey != null) {
			plain = decryptWith(this.nextKey, stored);
		}
		if (plain == null) {
			throw new IllegalStateException("Cannot decrypt a stored secret: it was written with a key that is neither"
					+ " PROVISIONING_ENCRYPTION_KEY nor one of PROVISIONING_ENCRYPTION_PREVIOUS_KEYS or"
					+ " PROVISIONING_ENCRYPTION_NEXT_KEY");
		}
		return plain;
	}

	/**
	 * The value encrypted with the current key, or null when it already is, or is written
	 * with the next key (instances already running with it must keep reading it).
	 * @throws IllegalStateException when no configured key decrypts it
	 */
	public byte[] reEncrypted(byte[] stored) {
		if (decryptWith(this.key, stored) != null
				|| (this.nextKey != null && decryptWith(this.nextKey, stored) != null)) {
			return null;
		}
		return encrypt(decrypt(stored));
	}

	/** Null when the value was not encrypted with this key (GCM's tag does not match). */
	private static byte[] decryptWith(SecretKeySpec key, byte[] stored) {
		if (stored == null || stored.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new IllegalStateException("Not an encrypted value: too short");
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
			return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Decryption failed", ex);
		}
	}

	private static byte[] loadKey(EncryptionProperties properties) {
		if (properties.key() != null) {
			return EncryptionKeys.decode(properties.key(), "PROVISIONING_ENCRYPTION_KEY");
		}
		try {
			if (Files.exists(properties.keyFile())) {
				return EncryptionKeys.decode(Files.readString(properties.keyFile(), StandardCharsets.US_ASCII),
						"The key file " + properties.keyFile() + " (ENCRYPTION_KEY_FILE)");
			}
			byte[] generated = new byte[EncryptionKeys.KEY_BYTES];
			RANDOM.nextBytes(generated);
			Files.createDirectories(properties.keyFile().toAbsolutePath().getParent());
			Files.writeString(properties.keyFile(), Base64.getEncoder().encodeToString(generated),
					StandardCharsets.US_ASCII);
			log.warn(
					"Development setup: generated an encryption key in {}. In production set PROVISIONING_ENCRYPTION_KEY"
							+ " (openssl rand -base64 32) and keep it safe",
					properties.keyFile().toAbsolutePath());
			return generated;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the encryption key file " + properties.keyFile(), ex);
		}
	}

}
