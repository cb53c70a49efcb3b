package app.provisioning.directory;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Finds an account's SCIM users by what an administrator types: a user name (any case) or
 * an id. Deleted users are found too, so that their history stays reachable.
 */
@Service
public class ScimUserLookup {

	private final JdbcTemplate jdbc;

	ScimUserLookup(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	public List<UUID> idsByUserNameOrId(UUID accountId, String value) {
		return this.jdbc.queryForList(
				"SELECT id FROM scim_user WHERE account_id = ? AND (lower(user_name) = lower(?) OR id::text = ?)",
				UUID.class, accountId, value, value);
	}

}
