package app.provisioning.directory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.StoredResource;
import app.provisioning.scim.patch.MembershipChange;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A PATCH of a group's members: the member rows it names and one new version of the
 * group. Concurrent Adds to one group share a transaction ({@link GroupMemberAdds});
 * other changes to a busy group wait their turn ({@link GroupWriteQueue}).
 */
final class GroupMemberWrites {

	private final DirectoryTable table;

	private final NamedParameterJdbcTemplate jdbc;

	private final GroupMemberships memberships;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final GroupWriteQueue groupWrites = new GroupWriteQueue();

	private final GroupMemberAdds memberAdds = new GroupMemberAdds();

	GroupMemberWrites(DirectoryTable table, NamedParameterJdbcTemplate jdbc, GroupMemberships memberships,
			TransactionTemplate transactions, Clock clock) {
		this.table = table;
		this.jdbc = jdbc;
		this.memberships = memberships;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Adds alone (Entra's shape) are combined with the Adds other requests are making to
	 * the same group at that moment; any other change is written on its own.
	 */
	StoredResource change(UUID accountId, UUID groupId, MembershipChange change) throws ScimException {
		Optional<MembershipChange.Named> adds = change.onlyAdds();
		if (adds.isPresent()) {
			return this.memberAdds.add(accountId, groupId, adds.get(),
					(batch) -> addTogether(accountId, groupId, batch));
		}
		return inTransaction(() -> changeMembersAlone(accountId, groupId, change));
	}

	private List<GroupMemberAdds.Result> addTogether(UUID accountId, UUID groupId,
			List<GroupMemberAdds.Pending> batch) {
		return this.transactions.execute((status) -> {
			// Rows are added only to a group of this account (the insert checks), so the
			// group is read only when nothing was added; a group that is not there is 404
			// for every request.
			GroupMemberships.Added added = this.memberships.addTogether(accountId, groupId, batch);
			Optional<StoredResource> group = added.changed() ? bumpVersion(accountId, groupId)
					: find(accountId, groupId);
			if (group.isEmpty()) {
				status.setRollbackOnly();
				return batch.stream()
					.map((pending) -> GroupMemberAdds.Result.refused(this.table.notFound(groupId.toString())))
					.toList();
			}
			StoredResource stored = group.get();
			List<GroupMemberAdds.Result> results = new ArrayList<>();
			for (BadRequestException refusal : added.refusals()) {
				results.add((refusal == null) ? GroupMemberAdds.Result.applied(stored)
						: GroupMemberAdds.Result.refused(refusal));
			}
			return results;
		});
	}

	private StoredResource changeMembersAlone(UUID accountId, UUID groupId, MembershipChange change)
			throws ScimException {
		String id = groupId.toString();
		boolean changed;
		try {
			// Member rows are written only for a group of this account (the statements
			// check).
			changed = this.memberships.apply(accountId, groupId, change);
		}
		catch (GroupMemberships.UnknownMembersException ex) {
			if (find(accountId, groupId).isEmpty()) {
				throw this.table.notFound(id);
			}
			throw ex;
		}
		if (!changed) {
			return find(accountId, groupId).orElseThrow(() -> this.table.notFound(id));
		}
		this.groupWrites.awaitTurn(groupId);
		return bumpVersion(accountId, groupId).orElseThrow(() -> this.table.notFound(id));
	}

	/**
	 * The group's new version, written last so its row lock is held only until the
	 * commit. A group deleted meanwhile matches nothing (empty), and the caller's member
	 * rows roll back.
	 */
	private Optional<StoredResource> bumpVersion(UUID accountId, UUID groupId) {
		return this.jdbc
			.query("UPDATE " + this.table.table() + " r SET version = r.version + 1,"
					+ " last_modified = :now WHERE r.account_id = :account AND r.id = :id AND " + LiveRows.byKey("r.")
					+ " RETURNING r.id, r.attributes, r.version, r.created_at, r.last_modified",
					new MapSqlParameterSource("account", accountId).addValue("id", groupId)
						.addValue("now", OffsetDateTime.ofInstant(StoredRows.now(this.clock), ZoneOffset.UTC)),
					StoredRows::row)
			.stream()
			.findFirst();
	}

	/**
	 * Runs {@code work} in a transaction that a ScimException, like any other, rolls
	 * back.
	 */
	private <T> T inTransaction(ScimWork<T> work) throws ScimException {
		try {
			return this.transactions.execute((status) -> {
				try {
					return work.run();
				}
				catch (ScimException ex) {
					throw new RolledBack(ex);
				}
			});
		}
		catch (RolledBack ex) {
			throw ex.scim;
		}
	}

	@FunctionalInterface
	private interface ScimWork<T> {

		T run() throws ScimException;

	}

	private static final class RolledBack extends RuntimeException {

		private final ScimException scim;

		RolledBack(ScimException scim) {
			super(scim.getMessage(), scim, false, false);
			this.scim = scim;
		}

	}

	private Optional<StoredResource> find(UUID accountId, UUID groupId) {
		return StoredRows.byId(this.jdbc, this.table, accountId, groupId, "");
	}

}
