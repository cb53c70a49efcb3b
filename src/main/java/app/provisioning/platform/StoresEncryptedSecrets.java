package app.provisioning.platform;

/** Implemented by whoever writes {@link SecretCipher} output to the database. */
public interface StoresEncryptedSecrets {

	EncryptedColumn encryptedColumn();

}
