package app.provisioning.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.platform.RequestIds;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.patch.MembershipChange;

/**
 * Combines concurrent member Adds to one group into one transaction. Every change to a
 * group bumps its one row's version, so one-by-one transactions to a busy group (Entra's
 * initial cycle adding everyone to "All staff") can go no faster than one commit after
 * another. Here the request that finds the group idle writes every Add waiting for it at
 * that moment, with one version bump; the others wait for that commit and answer with its
 * outcome. A request alone pays nothing extra. Lanes are per instance; across instances
 * PostgreSQL's row lock keeps the writes correct.
 */
final class GroupMemberAdds {

	/** Most requests one transaction takes; the rest form the next batch. */
	private static final int MAX_BATCH = 500;

	/**
	 * One request's Add: its members and the request id its sync-log entries carry.
	 */
	static final class Pending {

		private final MembershipChange.Named members;

		private final String requestId = RequestIds.current();

		private volatile Result result;

		Pending(MembershipChange.Named members) {
			this.members = members;
		}

		MembershipChange.Named members() {
			return this.members;
		}

		String requestId() {
			return this.requestId;
		}

	}

	/**
	 * What became of one request: the group after the batch, why this request was
	 * refused, or why the batch failed.
	 */
	record Result(StoredResource group, ScimException refusal, RuntimeException failure) {

		static Result applied(StoredResource group) {
			return new Result(group, null, null);
		}

		static Result refused(ScimException refusal) {
			return new Result(null, refusal, null);
		}

	}

	/** Writes a batch in one transaction and returns one result per request, in order. */
	@FunctionalInterface
	interface BatchWriter {

		List<Result> write(List<Pending> batch);

	}

	private record Key(UUID accountId, UUID groupId) {
	}

	private static final class Lane {

		private final ReentrantLock turn = new ReentrantLock();

		private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();

	}

	private final ConcurrentHashMap<Key, Lane> lanes = new ConcurrentHashMap<>();

	StoredResource add(UUID accountId, UUID groupId, MembershipChange.Named members, BatchWriter writer)
			throws ScimException {
		Key key = new Key(accountId, groupId);
		Lane lane = this.lanes.computeIfAbsent(key, (k) -> new Lane());
		Pending mine = new Pending(members);
		lane.waiting.add(mine);
		lane.turn.lock();
		try {
			while (mine.result == null) {
				List<Pending> batch = new ArrayList<>();
				Pending next;
				while (batch.size() < MAX_BATCH && (next = lane.waiting.poll()) != null) {
					batch.add(next);
				}
				writeBatch(batch, writer);
			}
		}
		finally {
			lane.turn.unlock();
			// A lane removed while another request is about to use it only costs that
			// request its combining: it then writes alone, and the row lock keeps it
			// correct.
			if (lane.waiting.isEmpty()) {
				this.lanes.remove(key, lane);
			}
		}
		if (mine.result.failure() != null) {
			throw mine.result.failure();
		}
		if (mine.result.refusal() != null) {
			throw mine.result.refusal();
		}
		return mine.result.group();
	}

	private static void writeBatch(List<Pending> batch, BatchWriter writer) {
		List<Result> results;
		try {
			results = writer.write(batch);
		}
		catch (RuntimeException ex) {
			// Nothing of the batch was committed: every request in it fails the same way.
			for (Pending pending : batch) {
				pending.result = new Result(null, null, ex);
			}
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).result = results.get(i);
		}
	}

}
