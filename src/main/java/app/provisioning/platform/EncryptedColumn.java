package app.provisioning.platform;

/**
 * A table column holding values encrypted with {@link SecretCipher}, so that a key
 * rotation can re-encrypt it. Only identifiers from our own code, never from a request.
 *
 * @param table the table
 * @param idColumn its primary key (a single column)
 * @param valueColumn the {@code bytea} column with the encrypted values (may hold nulls)
 */
public record EncryptedColumn(String table, String idColumn, String valueColumn) {

	@Override
	public String toString() {
		return this.table + "." + this.valueColumn;
	}

}
