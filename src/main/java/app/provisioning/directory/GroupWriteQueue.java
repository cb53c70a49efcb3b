package app.provisioning.directory;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets one transaction per group at a time, in this instance, write the group's row.
 * Without it, a burst of member PATCHes to one group piles up inside PostgreSQL on that
 * row's lock, and every commit wakes the whole pile to fight for the next turn. Waiting
 * is bounded: past the bound the writer goes ahead and PostgreSQL's row lock alone keeps
 * it correct, so no wait cycle (two groups on one stripe, another instance) can hang a
 * request.
 */
final class GroupWriteQueue {

	private static final int STRIPES = 1024;

	private static final long MAX_WAIT_MILLIS = 200;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	GroupWriteQueue() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock(true);
		}
	}

	/** Waits for the group's turn, which ends when the caller's transaction does. */
	void awaitTurn(UUID groupId) {
		ReentrantLock stripe = this.stripes[Math.floorMod(groupId.hashCode(), STRIPES)];
		boolean acquired;
		try {
			acquired = stripe.tryLock(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (!acquired) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				stripe.unlock();
			}
		});
	}

}
