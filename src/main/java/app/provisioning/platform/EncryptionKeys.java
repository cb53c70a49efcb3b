package app.provisioning.platform;

import java.util.Base64;

/**
 * Reads an AES-256 key written as base64, refusing anything that is not exactly 32 bytes.
 */
final class EncryptionKeys {

	static final int KEY_BYTES = 32;

	private static final String HOW_TO_MAKE_ONE = "Generate a key with: openssl rand -base64 32 (and keep a copy with the"
			+ " database backups). To replace the key of an installation that already stores secrets, move the old"
			+ " key to PROVISIONING_ENCRYPTION_PREVIOUS_KEYS (docs/operating.md, \"Rotate the encryption" + " key\").";

	private EncryptionKeys() {
	}

	/**
	 * @param source what to name in the error: the variable or file the key came from
	 */
	static byte[] decode(String base64, String source) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(source + " is not base64 of 32 bytes: it is not valid base64.",
					HOW_TO_MAKE_ONE);
		}
		if (key.length != KEY_BYTES) {
			throw new InvalidSettingException(
					source + " is not base64 of 32 bytes: it decodes to " + key.length + " bytes.", HOW_TO_MAKE_ONE);
		}
		return key;
	}

}
