package app.provisioning.webhooks;

import app.provisioning.platform.EncryptedColumn;
import app.provisioning.platform.StoresEncryptedSecrets;

import org.springframework.stereotype.Component;

/**
 * The secret a rotation replaced is encrypted too, so a key rotation must re-encrypt it
 * as well.
 */
@Component
class PreviousSecretColumn implements StoresEncryptedSecrets {

	@Override
	public EncryptedColumn encryptedColumn() {
		return new EncryptedColumn("webhook_endpoint", "id", "previous_secret");
	}

}
