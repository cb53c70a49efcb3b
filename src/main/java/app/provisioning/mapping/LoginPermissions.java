package app.provisioning.mapping;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.directory.GroupMembershipChanged;
import app.provisioning.platform.IdsStatement;
import app.provisioning.synclog.SyncLog;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Group membership decides a login user's permission level: the highest-ranked level
 * whose Entra group the user is in. A login user in no mapped group is deactivated, with
 * that reason, once the account maps at least one group; Entra disabling the user
 * deactivates it too. Runs in the transaction of the change that caused it.
 */
@Component
public class LoginPermissions {

	static final String NO_GROUP = "Not in any Entra group mapped to a permission level";

	/**
	 * The login users of some SCIM users, locked in a stable order; parameters: the
	 * users, the account. The account is checked on the rows found, never used to find
	 * them: in id order, (account_id, id) looks cheaper whenever the statistics do not
	 * know the account, and reads all its login users on every group membership change
	 * (migration V18).
	 */
	static final IdsStatement LOGINS_OF_USERS = IdsStatement.of("?",
			(users) -> "SELECT id, scim_user_id, status, entra_active, permission_level_id, integration_reason,"
					+ " deactivation_held FROM login_user WHERE scim_user_id " + users
					+ " AND (account_id = ?) IS TRUE ORDER BY id FOR UPDATE");

	/**
	 * Each of some SCIM users' highest-ranked level; parameters: the account, the users.
	 */
	static final IdsStatement BEST_LEVELS = IdsStatement.of("?",
			(users) -> "SELECT DISTINCT ON (m.member_id)"
					+ " m.member_id, pl.id, pl.name FROM published_group_permission_level g"
					+ " JOIN published_permission_level pl ON pl.id = g.permission_level_id"
					+ " JOIN published_group_member m ON m.group_id = g.scim_group_id AND m.account_id = g.account_id"
					+ " WHERE g.account_id = ? AND m.member_id " + users + " ORDER BY m.member_id, pl.rank DESC");

	private final JdbcTemplate jdbc;

	private final SyncLog syncLog;

	private final DeactivationBrake brake;

	private final Clock clock;

	LoginPermissions(JdbcTemplate jdbc, SyncLog syncLog, DeactivationBrake brake, Clock clock) {
		this.jdbc = jdbc;
		this.syncLog = syncLog;
		this.brake = brake;
		this.clock = clock;
	}

	@EventListener
	void on(GroupMembershipChanged change) {
		recompute(change.accountId(), change.memberIds(), "scim:group " + change.groupId());
	}

	/**
	 * A permission level of the account is being deleted: its login users hold no level
	 * until {@link #recomputeAccount} gives them the one their groups now say.
	 */
	public void forgetLevel(UUID accountId, UUID levelId) {
		this.jdbc.update("UPDATE login_user SET permission_level_id = NULL WHERE account_id = ?"
				+ " AND permission_level_id = ?", accountId, levelId);
	}

	/** Every login user of the account, after a level's group mapping changed. */
	public void recomputeAccount(UUID accountId, String source) {
		List<UUID> users = this.jdbc.queryForList(
				"SELECT scim_user_id FROM login_user WHERE account_id = ? AND scim_user_id IS NOT NULL", UUID.class,
				accountId);
		recompute(accountId, users, source);
	}

	/**
	 * Three statements however many users: their logins (locked), whether groups are
	 * mapped, their best levels.
	 */
	void recompute(UUID accountId, Collection<UUID> scimUserIds, String source) {
		if (scimUserIds.isEmpty()) {
			return;
		}
		Object users = IdsStatement.parameter(scimUserIds);
		List<Map<String, Object>> logins = this.jdbc.queryForList(LOGINS_OF_USERS.sql(scimUserIds), users, accountId);
		if (logins.isEmpty()) {
			return;
		}
		boolean groupsMapped = Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM published_group_permission_level WHERE account_id = ?)", Boolean.class,
				accountId));
		Map<UUID, Map<String, Object>> best = new HashMap<>();
		this.jdbc.query(BEST_LEVELS.sql(scimUserIds), (rs) -> {
			best.put(rs.getObject("member_id", UUID.class),
					Map.of("id", rs.getObject("id", UUID.class), "name", rs.getString("name")));
		}, accountId, users);
		for (Map<String, Object> login : logins) {
			Map<String, Object> level = best.get((UUID) login.get("scim_user_id"));
			apply(accountId, login, (level != null) ? (UUID) level.get("id") : null,
					(level != null) ? (String) level.get("name") : null, groupsMapped, source);
		}
	}

	private void apply(UUID accountId, Map<String, Object> login, UUID level, String levelName, boolean groupsMapped,
			String source) {
		boolean entraActive = (Boolean) login.get("entra_active");
		boolean allowed = level != null || !groupsMapped;
		String status = (entraActive && allowed) ? "active" : "deactivated";
		String reason = !entraActive ? "Disabled in Entra" : (allowed ? null : NO_GROUP);
		UUID oldLevel = (UUID) login.get("permission_level_id");
		String oldStatus = (String) login.get("status");
		UUID loginId = (UUID) login.get("id");
		boolean held = Boolean.TRUE.equals(login.get("deactivation_held"));
		if ("active".equals(oldStatus) && !"active".equals(status)) {
			String cause = !entraActive ? "Entra disabled the user" : "left the last Entra group mapped to a level";
			if (!this.brake.admit(new DeactivationBrake.Deactivation(accountId, "login_user", loginId, source, cause,
					status, RecordTable.DEACTIVATED_BY_ENTRA, reason, level == null), held)) {
				return;
			}
		}
		else if ("active".equals(status) && held) {
			this.brake.reversed(accountId, "login_user", loginId, source);
		}
		if (Objects.equals(oldLevel, level) && Objects.equals(oldStatus, status)
				&& (reason == null || reason.equals(login.get("integration_reason")))) {
			return;
		}
		OffsetDateTime now = OffsetDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MICROS),
				ZoneOffset.UTC);
		this.jdbc.update(
				"UPDATE login_user SET permission_level_id = ?, status = ?, integration_status = ?,"
						+ " integration_reason = ?, integration_at = ?, updated_at = ? WHERE id = ?",
				level, status, "active".equals(status) ? RecordTable.UPDATED : RecordTable.DEACTIVATED_BY_ENTRA, reason,
				now, now, login.get("id"));
		ObjectNode changes = JsonNodeFactory.instance.objectNode();
		if (!Objects.equals(oldLevel, level)) {
			changes.putObject("permissionLevel")
				.put("old", (oldLevel != null) ? oldLevel.toString() : null)
				.put("new", levelName);
		}
		if (!Objects.equals(oldStatus, status)) {
			changes.putObject("status").put("old", oldStatus).put("new", status);
		}
		this.syncLog.append(new SyncLog.Entry(accountId, source, "permission", "login_user", login.get("id").toString(),
				SyncLog.Outcome.APPLIED, (reason != null) ? reason : "permission level " + levelName, changes));
	}

}
