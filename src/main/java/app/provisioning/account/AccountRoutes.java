package app.provisioning.account;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.http.HttpStatus;

/**
 * Who may call which route of the administration API and pages. The operator may call
 * every route. A member or an account API key may call the routes of its own accounts, as
 * its role allows, plus a few harmless catalogues; routes of other accounts answer 404
 * exactly as an account that does not exist would, so a caller learns nothing of accounts
 * that are not theirs.
 */
final class AccountRoutes {

	/** The answer for one request: granted, or the status and detail of the refusal. */
	record Verdict(HttpStatus status, String detail) {

		static final Verdict GRANTED = new Verdict(HttpStatus.OK, null);

		boolean granted() {
			return this.status == HttpStatus.OK;
		}

	}

	private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

	/** Who may sign in: the owners' to change. */
	private static final Set<String> MEMBERSHIP = Set.of("members", "sign-in-rules");

	/**
	 * The audit trail says who did what: for the account's administrators and owners
	 * only.
	 */
	private static final Set<String> AUDIT = Set.of("audit", "audit.csv");

	/**
	 * Account routes that change what the operator sells or runs, not the customer's
	 * integration.
	 */
	private static final Set<String> OPERATOR_ACTIONS = Set.of("suspend", "activate");

	/** Console routes every signed-in person may use whatever the method. */
	private static final Set<List<String>> CONSOLE_OPEN = Set.of(List.of(""), List.of("logout"),
			List.of("logout-everywhere"), List.of("api-docs"), List.of("api-docs", "scim.yaml"),
			List.of("api-docs", "admin.yaml"));

	/**
	 * Console account routes that only read, though a form may post to them (a long
	 * search).
	 */
	private static final Set<String> CONSOLE_READS = Set.of("timeline");

	private AccountRoutes() {
	}

	/**
	 * @param path the request's path below {@code /api}, starting with a slash
	 */
	static Verdict api(String method, String path, AccountAccess access) {
		if (access.operator()) {
			return Verdict.GRANTED;
		}
		List<String> segments = segments(path);
		if (segments.equals(List.of("entra-attributes")) && READS.contains(method)) {
			return Verdict.GRANTED;
		}
		if (segments.equals(List.of("accounts"))) {
			return READS.contains(method) ? Verdict.GRANTED : operatorOnly("Creating accounts");
		}
		return inAccount(method, segments, path, access, false);
	}

	/**
	 * @param path the request's path below {@code /admin}, empty or starting with a slash
	 */
	static Verdict console(String method, String path, AccountAccess access) {
		if (access.operator()) {
			return Verdict.GRANTED;
		}
		List<String> segments = segments(path);
		if (CONSOLE_OPEN.contains(segments)) {
			return Verdict.GRANTED;
		}
		if (segments.equals(List.of("accounts"))) {
			return operatorOnly("Creating accounts");
		}
		return inAccount(method, segments, path, access, true);
	}

	private static List<String> segments(String path) {
		return List.of(path.replaceFirst("^/", "").split("/", -1));
	}

	private static Verdict inAccount(String method, List<String> segments, String path, AccountAccess access,
			boolean console) {
		if (segments.size() < 2 || !segments.get(0).equals("accounts")) {
			return operatorOnly(path);
		}
		Optional<UUID> accountId = uuid(segments.get(1));
		if (accountId.isEmpty() || !access.sees(accountId.get())) {
			return new Verdict(HttpStatus.NOT_FOUND, "Account " + segments.get(1) + " not found");
		}
		List<String> rest = segments.subList(2, segments.size());
		if (!rest.isEmpty() && OPERATOR_ACTIONS.contains(rest.get(0))) {
			return operatorOnly("Suspending and activating an account");
		}
		boolean read = READS.contains(method) || (console && !rest.isEmpty() && CONSOLE_READS.contains(rest.get(0)));
		AccountRole needed = needed(read, rest);
		AccountRole held = access.roleIn(accountId.get()).orElseThrow();
		if (!held.includes(needed)) {
			return new Verdict(HttpStatus.FORBIDDEN, "This needs the " + needed.value() + " role in the account; "
					+ access.actor() + " has " + held.value());
		}
		return Verdict.GRANTED;
	}

	private static AccountRole needed(boolean read, List<String> rest) {
		if (!rest.isEmpty() && AUDIT.contains(rest.get(0))) {
			return AccountRole.ADMINISTRATOR;
		}
		if (read) {
			return AccountRole.VIEWER;
		}
		if (!rest.isEmpty() && MEMBERSHIP.contains(rest.get(0))) {
			return AccountRole.OWNER;
		}
		return AccountRole.ADMINISTRATOR;
	}

	private static Verdict operatorOnly(String what) {
		return new Verdict(HttpStatus.FORBIDDEN, what + ": only the operator may do this, with an admin key");
	}

	private static Optional<UUID> uuid(String value) {
		try {
			UUID parsed = UUID.fromString(value);
			// UUID.fromString accepts short groups ("1-1-1-1-1"); only the canonical form
			// names an account.
			return parsed.toString().equalsIgnoreCase(value) ? Optional.of(parsed) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
