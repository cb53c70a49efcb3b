package app.provisioning.mapping;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each account's field maps, kept in the instance: every user a SCIM request writes goes
 * through them, and reading them was a statement of its own in every such request. An
 * entry is served only while {@link FieldMapChanges} listens for the database's word of a
 * change to {@code field_map}, from any instance or any other writer; without it every
 * read goes to the database. At most {@value #MAX_ACCOUNTS} accounts are kept; beyond
 * that, reads of the others go to the database.
 */
@Component
class FieldMapCache {

	static final int MAX_ACCOUNTS = 10_000;

	private final FieldMapRepository maps;

	private final Map<UUID, List<FieldMap>> byAccount = new ConcurrentHashMap<>();

	// Bumped by every forget, so that a read that raced with one is not kept.
	private final AtomicLong forgets = new AtomicLong();

	private volatile boolean trusted;

	private final int maxAccounts;

	@Autowired
	FieldMapCache(FieldMapRepository maps) {
		this(maps, MAX_ACCOUNTS);
	}

	FieldMapCache(FieldMapRepository maps, int maxAccounts) {
		this.maps = maps;
		this.maxAccounts = maxAccounts;
	}

	/** The account's maps in the order they were created. */
	List<FieldMap> of(UUID accountId) {
		if (!this.trusted) {
			return this.maps.findByAccount(accountId);
		}
		List<FieldMap> known = this.byAccount.get(accountId);
		if (known != null) {
			return known;
		}
		long before = this.forgets.get();
		List<FieldMap> read = List.copyOf(this.maps.findByAccount(accountId));
		if (this.forgets.get() == before && this.byAccount.size() < this.maxAccounts) {
			this.byAccount.putIfAbsent(accountId, read);
			// A forget between the check and the put would otherwise miss this entry.
			if (this.forgets.get() != before || !this.trusted) {
				this.byAccount.remove(accountId, read);
			}
		}
		return read;
	}

	/**
	 * For a change this instance makes: forgets the account when the transaction commits
	 * (at once without one), so that this instance's next request reads the change
	 * without waiting for the database's word of it.
	 */
	void forgetOnCommit(UUID accountId) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			forget(accountId);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				forget(accountId);
			}
		});
	}

	void forget(UUID accountId) {
		this.forgets.incrementAndGet();
		this.byAccount.remove(accountId);
	}

	/**
	 * Keeps entries from now on (the caller has just started listening) or no longer (it
	 * has lost its connection); forgets all either way, since changes may have gone by
	 * unheard.
	 */
	void trust(boolean trusted) {
		this.trusted = trusted;
		this.forgets.incrementAndGet();
		this.byAccount.clear();
	}

	int size() {
		return this.byAccount.size();
	}

}
