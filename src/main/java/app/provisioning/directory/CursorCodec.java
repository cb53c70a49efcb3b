package app.provisioning.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import com.unboundid.scim2.common.exceptions.BadRequestException;

import app.provisioning.platform.SecretCipher;

/**
 * RFC 9865 cursors: the position in the account's list, encrypted and bound to the
 * account. A client cannot forge or edit one, cannot use it in another account, and
 * learns nothing from it (the position counter is shared by all accounts, so a readable
 * one would tell how busy other customers are).
 */
final class CursorCodec {

	private static final String VERSION = "c1";

	private final SecretCipher cipher;

	CursorCodec(SecretCipher cipher) {
		this.cipher = cipher;
	}

	String encode(UUID accountId, long position) {
		byte[] plain = (VERSION + ":" + accountId + ":" + position).getBytes(StandardCharsets.UTF_8);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(this.cipher.encrypt(plain));
	}

	/**
	 * The position after which the next page starts; 0 for the empty cursor of the first
	 * page.
	 */
	long decode(UUID accountId, String cursor) throws BadRequestException {
		if (cursor.isEmpty()) {
			return 0;
		}
		try {
			String[] parts = new String(this.cipher.decrypt(Base64.getUrlDecoder().decode(cursor)),
					StandardCharsets.UTF_8)
				.split(":");
			if (parts.length == 3 && parts[0].equals(VERSION) && parts[1].equals(accountId.toString())) {
				return Long.parseLong(parts[2]);
			}
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// reported below
		}
		throw BadRequestException.invalidCursor("The cursor '" + cursor
				+ "' was not issued by this server for this account; start again with cursor= (empty)");
	}

}
