package app.provisioning.logins;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Refusal;
import app.provisioning.mapping.LoginPermissions;
import app.provisioning.scim.ResourceStore;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Permission levels of an account: create, rename, reorder, remove. */
@Service
public class PermissionLevels {

	private static final int MAX_NAME_LENGTH = 100;

	private final PermissionLevelRepository levels;

	private final AccountService accounts;

	private final Clock clock;

	private final JdbcTemplate jdbc;

	private final ResourceStore groups;

	private final LoginPermissions permissions;

	PermissionLevels(PermissionLevelRepository levels, AccountService accounts, Clock clock, JdbcTemplate jdbc,
			@Qualifier("groupStore") ResourceStore groups, LoginPermissions permissions) {
		this.levels = levels;
		this.accounts = accounts;
		this.clock = clock;
		this.jdbc = jdbc;
		this.groups = groups;
		this.permissions = permissions;
	}

	/**
	 * Maps a provisioned Entra group to the level (one group per level, one level per
	 * group) and recomputes every login user's level at once.
	 */
	@Transactional
	public void mapGroup(UUID accountId, UUID levelId, String groupId) {
		PermissionLevel level = find(accountId, levelId);
		if (groupId == null || this.groups.find(accountId, groupId, false).isEmpty()) {
			throw Refusal.invalid("groupId '" + groupId
					+ "' is not a group provisioned to this account; find it with GET /scim/v2/Groups?filter=displayName eq \"…\"");
		}
		UUID group = UUID.fromString(groupId);
		List<String> taken = this.jdbc
			.queryForList("SELECT pl.name FROM group_permission_level g JOIN permission_level pl"
					+ " ON pl.id = g.permission_level_id WHERE g.account_id = ? AND g.scim_group_id = ? AND pl.id <> ?",
					String.class, accountId, group, levelId);
		if (!taken.isEmpty()) {
			throw Refusal.conflict("That group already grants the level '" + taken.get(0) + "'");
		}
		this.jdbc
			.update("INSERT INTO group_permission_level (permission_level_id, account_id, scim_group_id, created_at)"
					+ " VALUES (?, ?, ?, now()) ON CONFLICT (permission_level_id) DO UPDATE SET scim_group_id = excluded.scim_group_id",
					level.getId(), accountId, group);
		this.permissions.recomputeAccount(accountId, "admin: group mapped to level " + level.getName());
	}

	@Transactional
	public void unmapGroup(UUID accountId, UUID levelId) {
		PermissionLevel level = find(accountId, levelId);
		this.jdbc.update("DELETE FROM group_permission_level WHERE permission_level_id = ? AND account_id = ?",
				level.getId(), accountId);
		this.permissions.recomputeAccount(accountId, "admin: group unmapped from level " + level.getName());
	}

	/** The group that grants the level, if any. */
	@Transactional(readOnly = true)
	public String groupOf(UUID accountId, UUID levelId) {
		List<UUID> group = this.jdbc.queryForList(
				"SELECT scim_group_id FROM group_permission_level WHERE permission_level_id = ? AND account_id = ?",
				UUID.class, levelId, accountId);
		return group.isEmpty() ? null : group.get(0).toString();
	}

	@Transactional
	public PermissionLevel create(UUID accountId, String name, Integer rank) {
		this.accounts.get(accountId);
		String valid = validName(name);
		if (rank == null) {
			throw Refusal.invalid("rank is required: a number, higher wins when a user is in several groups");
		}
		checkUnique(accountId, null, valid, rank);
		return this.levels
			.save(new PermissionLevel(accountId, valid, rank, this.clock.instant().truncatedTo(ChronoUnit.MICROS)));
	}

	@Transactional(readOnly = true)
	public List<PermissionLevel> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.levels.findByAccountIdOrderByRankDesc(accountId);
	}

	@Transactional
	public PermissionLevel update(UUID accountId, UUID id, String name, Integer rank) {
		PermissionLevel level = find(accountId, id);
		String newName = (name != null) ? validName(name) : level.getName();
		int newRank = (rank != null) ? rank : level.getRank();
		checkUnique(accountId, id, newName, newRank);
		level.rename(newName);
		level.rerank(newRank);
		return level;
	}

	@Transactional
	public void delete(UUID accountId, UUID id) {
		PermissionLevel level = find(accountId, id);
		this.permissions.forgetLevel(accountId, level.getId());
		this.levels.delete(level);
		this.levels.flush();
		this.permissions.recomputeAccount(accountId, "admin: level " + level.getName() + " deleted");
	}

	private PermissionLevel find(UUID accountId, UUID id) {
		return this.levels.findByIdAndAccountId(id, accountId)
			.orElseThrow(() -> Refusal.notFound("Permission level " + id + " of account " + accountId));
	}

	private void checkUnique(UUID accountId, UUID self, String name, int rank) {
		for (PermissionLevel other : this.levels.findByAccountIdOrderByRankDesc(accountId)) {
			if (other.getId().equals(self)) {
				continue;
			}
			if (other.getName().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
				throw Refusal.conflict("A permission level named '" + name + "' already exists");
			}
			if (other.getRank() == rank) {
				throw Refusal.conflict("Rank " + rank + " is already used by '" + other.getName()
						+ "'; ranks order the levels, so each must differ");
			}
		}
	}

	private static String validName(String name) {
		if (name == null || name.isBlank()) {
			throw Refusal.invalid("name is required, e.g. Administrator, Manager or Viewer");
		}
		if (name.trim().length() > MAX_NAME_LENGTH) {
			throw Refusal.invalid("name is longer than " + MAX_NAME_LENGTH + " characters");
		}
		return name.trim();
	}

}
