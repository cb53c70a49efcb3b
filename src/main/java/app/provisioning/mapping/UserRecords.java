package app.provisioning.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import app.provisioning.directory.ScimUserLookup;
import app.provisioning.synclog.SyncLogUsers;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * One user's records as an administrator looks them up: by unique key (e.g. the user
 * principal name, any case), record id, SCIM user id or Entra object ID; for the timeline
 * page and the sync log's user filter.
 */
@Service
public class UserRecords implements SyncLogUsers {

	private final JdbcTemplate jdbc;

	private final ScimUserLookup scimUsers;

	UserRecords(JdbcTemplate jdbc, ScimUserLookup scimUsers) {
		this.jdbc = jdbc;
		this.scimUsers = scimUsers;
	}

	/** A record of the user; {@code kind} is "People" or "Login user". */
	public record UserRecord(UUID id, String kind, String uniqueKey, String status, String integrationStatus,
			String integrationReason, UUID scimUserId) {
	}

	public List<UserRecord> records(UUID accountId, String user) {
		List<UserRecord> records = new ArrayList<>();
		for (Records.Kind kind : Records.Kind.values()) {
			records
				.addAll(this.jdbc.query(
						"SELECT id, unique_key, status, integration_status, integration_reason, scim_user_id FROM "
								+ kind.table() + " WHERE account_id = ? AND (lower(unique_key) = lower(?)"
								+ " OR id::text = ? OR scim_user_id::text = ? OR entra_object_id = ?) ORDER BY id",
						(rs, n) -> new UserRecord(rs.getObject("id", UUID.class), kind.label(),
								rs.getString("unique_key"), rs.getString("status"), rs.getString("integration_status"),
								rs.getString("integration_reason"), rs.getObject("scim_user_id", UUID.class)),
						accountId, user, user, user, user));
		}
		return records;
	}

	@Override
	public LoggedUser identify(UUID accountId, String user) {
		List<UserRecord> records = records(accountId, user);
		Set<UUID> scimUserIds = new LinkedHashSet<>();
		records.stream().map(UserRecord::scimUserId).filter((id) -> id != null).forEach(scimUserIds::add);
		scimUserIds.addAll(this.scimUsers.idsByUserNameOrId(accountId, user));
		return new LoggedUser(records.stream().map(UserRecord::id).toList(), List.copyOf(scimUserIds));
	}

}
