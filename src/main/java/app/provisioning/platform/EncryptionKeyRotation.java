package app.provisioning.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start-up, before the server takes requests: every stored secret must be readable
 * with the configured keys (or start-up stops, naming the setting to fix), and while
 * PROVISIONING_ENCRYPTION_PREVIOUS_KEYS is set, every secret still written with an old
 * key is re-encrypted with the current one. Afterwards the old keys can be removed.
 */
@Component
class EncryptionKeyRotation implements SmartInitializingSingleton {

	private static final Logger log = LoggerFactory.getLogger(EncryptionKeyRotation.class);

	/**
	 * Instances starting together re-encrypt one after the other; the later ones find
	 * nothing to do.
	 */
	private static final long LOCK = 7312002;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final SecretCipher cipher;

	private final boolean rotating;

	private final ObjectProvider<StoresEncryptedSecrets> stores;

	EncryptionKeyRotation(JdbcTemplate jdbc, TransactionTemplate transactions, SecretCipher cipher,
			EncryptionProperties properties, ObjectProvider<StoresEncryptedSecrets> stores) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.cipher = cipher;
		this.rotating = !properties.previousKeys().isEmpty();
		this.stores = stores;
	}

	@Override
	public void afterSingletonsInstantiated() {
		reEncryptStoredSecrets();
	}

	/** What one pass found, per column. */
	record Counts(Map<String, Integer> reEncrypted, int alreadyCurrent, Map<String, Integer> unreadable) {

		int reEncryptedTotal() {
			return this.reEncrypted.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	Counts reEncryptStoredSecrets() {
		List<EncryptedColumn> columns = this.stores.orderedStream()
			.map(StoresEncryptedSecrets::encryptedColumn)
			.toList();
		Counts counts = this.transactions.execute((status) -> {
			if (this.rotating) {
				this.jdbc.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
			}
			Counts found = new Counts(new LinkedHashMap<>(), 0, new LinkedHashMap<>());
			int current = 0;
			for (EncryptedColumn column : columns) {
				current += pass(column, found);
			}
			if (!found.unreadable().isEmpty()) {
				status.setRollbackOnly();
			}
			return new Counts(found.reEncrypted(), current, found.unreadable());
		});
		report(counts);
		return counts;
	}

	/**
	 * @return how many values were already encrypted with the current key
	 */
	private int pass(EncryptedColumn column, Counts found) {
		String select = "SELECT " + column.idColumn() + ", " + column.valueColumn() + " FROM " + column.table()
				+ " WHERE " + column.valueColumn() + " IS NOT NULL" + (this.rotating ? " FOR UPDATE" : "");
		String update = "UPDATE " + column.table() + " SET " + column.valueColumn() + " = ? WHERE " + column.idColumn()
				+ " = ?";
		int[] current = { 0 };
		this.jdbc.query(select, (row) -> {
			byte[] stored = row.getBytes(2);
			try {
				byte[] reEncrypted = this.cipher.reEncrypted(stored);
				if (reEncrypted == null) {
					current[0]++;
				}
				else {
					this.jdbc.update(update, reEncrypted, row.getObject(1));
					found.reEncrypted().merge(column.toString(), 1, Integer::sum);
				}
			}
			catch (IllegalStateException ex) {
				found.unreadable().merge(column.toString(), 1, Integer::sum);
			}
		});
		return current[0];
	}

	private void report(Counts counts) {
		if (!counts.unreadable().isEmpty()) {
			int total = counts.unreadable().values().stream().mapToInt(Integer::intValue).sum();
			throw new InvalidSettingException(total + " stored secret(s) " + counts.unreadable()
					+ " cannot be decrypted with PROVISIONING_ENCRYPTION_KEY"
					+ (this.rotating ? " or PROVISIONING_ENCRYPTION_PREVIOUS_KEYS" : "") + "; nothing was changed.",
					"Set PROVISIONING_ENCRYPTION_KEY to the key these secrets were written with, or, after changing"
							+ " the key, put the old one in PROVISIONING_ENCRYPTION_PREVIOUS_KEYS until start-up has"
							+ " re-encrypted them.");
		}
		if (counts.reEncryptedTotal() > 0) {
			log.info(
					"Encryption key rotation: re-encrypted {} stored secret(s) with the current key {}; {} already used"
							+ " it. Remove PROVISIONING_ENCRYPTION_PREVIOUS_KEYS once every instance runs with the new key.",
					counts.reEncryptedTotal(), counts.reEncrypted(), counts.alreadyCurrent());
		}
		else if (this.rotating) {
			log.info("Encryption key rotation: all {} stored secret(s) already use the current key;"
					+ " PROVISIONING_ENCRYPTION_PREVIOUS_KEYS is no longer needed.", counts.alreadyCurrent());
		}
	}

}
