package app.provisioning.account;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.platform.Problems;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lets in, with a role, everyone of an account's tenant whose ID token names a chosen
 * Entra app role ({@code roles} claim) or group ({@code groups} claim). Evaluated at each
 * sign-in from the token's claims; a session keeps the rules that let it in, and loses
 * the access they gave the moment a rule is removed.
 */
@Service
public class AccountSignInRules {

	/** The claims a rule may test. */
	public static final List<String> CLAIMS = List.of("appRole", "group");

	private static final Pattern GUID = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final int MAX_VALUE_LENGTH = 120;

	private static final RowMapper<Rule> RULES = (rs, n) -> new Rule(rs.getObject("id", UUID.class),
			rs.getObject("account_id", UUID.class), rs.getString("claim"), rs.getString("value"),
			AccountRole.parse(rs.getString("role"), "role"), rs.getTimestamp("created_at").toInstant(),
			rs.getString("created_by"));

	private final JdbcTemplate jdbc;

	private final AccountService accounts;

	private final Clock clock;

	AccountSignInRules(JdbcTemplate jdbc, AccountService accounts, Clock clock) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.clock = clock;
	}

	/** One rule: who holding {@code value} in {@code claim} gets {@code role}. */
	public record Rule(UUID id, UUID accountId, String claim, String value, AccountRole role,
			java.time.Instant createdAt, String createdBy) {
	}

	@Transactional(readOnly = true)
	public List<Rule> list(UUID accountId) {
		this.accounts.get(accountId);
		return this.jdbc.query("SELECT * FROM account_sign_in_rule WHERE account_id = ? ORDER BY created_at", RULES,
				accountId);
	}

	@Transactional
	public Rule add(UUID accountId, String claim, String value, String role, AccountAccess by) {
		this.accounts.get(accountId);
		Problems problems = new Problems();
		boolean knownClaim = claim != null && CLAIMS.contains(claim);
		if (!knownClaim) {
			problems.add("/claim",
					"claim must be appRole (the value of an app role of this application,"
							+ " as its app registration defines it) or group (a group's object id); got "
							+ ((claim == null) ? "nothing" : "'" + claim + "'"));
		}
		String trimmed = (value == null) ? "" : value.trim();
		boolean sized = !trimmed.isEmpty() && trimmed.length() <= MAX_VALUE_LENGTH;
		if (knownClaim && claim.equals("group") && !(sized && GUID.matcher(trimmed).matches())) {
			problems.add("/value",
					"value must be the group's object id, a GUID (Entra: Groups → the group → Object ID)");
		}
		else if (knownClaim && !sized) {
			problems.add("/value", "value must be the app role's value, 1 to " + MAX_VALUE_LENGTH
					+ " characters (e.g. Provisioning.Admin)");
		}
		else if (!knownClaim && !sized) {
			// What the value should look like depends on the claim, which is wrong too.
			problems.add("/value", "value must be an app role's value or a group's object id, 1 to " + MAX_VALUE_LENGTH
					+ " characters");
		}
		AccountRole granted = problems.check("/role", () -> AccountRole.parse(role, "role"));
		problems.refuseIfAny();
		Integer taken = this.jdbc.queryForObject("SELECT count(*) FROM account_sign_in_rule WHERE account_id = ?"
				+ " AND claim = ? AND lower(value) = lower(?)", Integer.class, accountId, claim, trimmed);
		if (taken != null && taken > 0) {
			throw Refusal.conflict(
					"A rule for " + claim + " '" + trimmed + "' exists already; remove it" + " to give another role");
		}
		UUID id = UUID.randomUUID();
		this.jdbc.update(
				"INSERT INTO account_sign_in_rule (id, account_id, claim, value, role, created_at, created_by)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?)",
				id, accountId, claim, claim.equals("group") ? trimmed.toLowerCase(Locale.ROOT) : trimmed,
				granted.value(), Timestamp.from(this.clock.instant().truncatedTo(ChronoUnit.MICROS)), by.actor());
		return this.jdbc.queryForObject("SELECT * FROM account_sign_in_rule WHERE id = ?", RULES, id);
	}

	@Transactional
	public Rule remove(UUID accountId, UUID ruleId) {
		List<Rule> found = this.jdbc.query(
				"DELETE FROM account_sign_in_rule WHERE id = ? AND account_id = ? RETURNING *", RULES, ruleId,
				accountId);
		if (found.isEmpty()) {
			throw Refusal.notFound("Sign-in rule " + ruleId + " of account " + accountId);
		}
		return found.get(0);
	}

	/** The rules of the tenant's accounts that the token's app roles and groups meet. */
	List<UUID> matching(String tenantId, Collection<String> appRoles, Collection<String> groups) {
		if (appRoles.isEmpty() && groups.isEmpty()) {
			return List.of();
		}
		return this.jdbc.queryForList(
				"SELECT r.id FROM account_sign_in_rule r JOIN account a ON a.id = r.account_id"
						+ " WHERE lower(a.entra_tenant_id) = lower(?) AND ((r.claim = 'appRole' AND r.value = ANY(?))"
						+ " OR (r.claim = 'group' AND r.value = ANY(?)))",
				UUID.class, tenantId, appRoles.toArray(String[]::new),
				groups.stream().map((group) -> group.toLowerCase(Locale.ROOT)).toArray(String[]::new));
	}

	/**
	 * What rules that still exist, in accounts still of the tenant, give now: the highest
	 * role per account.
	 */
	Map<UUID, AccountRole> granted(String tenantId, Collection<UUID> ruleIds) {
		Map<UUID, AccountRole> roles = new HashMap<>();
		if (ruleIds.isEmpty()) {
			return roles;
		}
		this.jdbc.query("SELECT r.account_id, r.role FROM account_sign_in_rule r JOIN account a ON a.id = r.account_id"
				+ " WHERE r.id = ANY(?) AND lower(a.entra_tenant_id) = lower(?)", (rs) -> {
					AccountRole role = AccountRole.parse(rs.getString("role"), "role");
					roles.merge(rs.getObject("account_id", UUID.class), role, (a, b) -> a.includes(b) ? a : b);
				}, ruleIds.toArray(UUID[]::new), tenantId);
		return roles;
	}

}
