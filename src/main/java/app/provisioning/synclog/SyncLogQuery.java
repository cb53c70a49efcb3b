package app.provisioning.synclog;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonRawValue;

import app.provisioning.account.AccountService;
import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads an account's sync log: filtered, newest first, a page at a time by a cursor (the
 * last entry's time and id), so a page costs the same however long the log is.
 */
@Service
public class SyncLogQuery {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 500;

	static final Set<String> OUTCOMES = Set.of("applied", "skipped", "error");

	/** Where an entry came from: the prefix of its source. */
	static final Set<String> ORIGINS = Set.of("scim", "reconcile", "reapply", "retention", "brake");

	private final JdbcTemplate jdbc;

	private final AccountService accounts;

	private final SyncLogUsers users;

	SyncLogQuery(JdbcTemplate jdbc, AccountService accounts, SyncLogUsers users) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.users = users;
	}

	/**
	 * What to show. All optional: {@code user} is a record's unique key (e.g. the user
	 * principal name), a record id, a SCIM user id or an Entra object ID.
	 */
	public record Filter(Instant from, Instant to, String origin, String source, String operation, String outcome,
			String user, String requestId) {

		public Filter(Instant from, Instant to, String origin, String source, String operation, String outcome,
				String user) {
			this(from, to, origin, source, operation, outcome, user, null);
		}

	}

	/** One entry; {@code changes} is JSON: field → {old, new}. */
	public record Entry(long id, Instant at, String source, String requestId, String operation, String resourceType,
			String resourceId, String outcome, String reason, @JsonRawValue String changes) {
	}

	public record Page(List<Entry> entries, String nextCursor) {
	}

	@Transactional(readOnly = true)
	public Page page(UUID accountId, Filter filter, String cursor, Integer limit) {
		this.accounts.get(accountId);
		int size = (limit == null) ? DEFAULT_LIMIT : limit;
		if (size < 1 || size > MAX_LIMIT) {
			throw Refusal.invalid("limit must be between 1 and " + MAX_LIMIT);
		}
		Sql sql = where(accountId, filter);
		if (cursor != null && !cursor.isBlank()) {
			long[] position = decode(cursor);
			sql.condition("(at, id) < (?, ?)", OffsetDateTime.ofInstant(micros(position[0]), ZoneOffset.UTC),
					position[1]);
		}
		sql.args.add(size + 1);
		List<Entry> entries = this.jdbc.query("SELECT * FROM sync_log WHERE " + String.join(" AND ", sql.conditions)
				+ " ORDER BY at DESC, id DESC LIMIT ?", this::entry, sql.args.toArray());
		String next = null;
		if (entries.size() > size) {
			entries = entries.subList(0, size);
			Entry last = entries.get(size - 1);
			next = encode(last);
		}
		return new Page(List.copyOf(entries), next);
	}

	/** Every matching entry, newest first, streamed (for the CSV export). */
	@Transactional(readOnly = true)
	public void each(UUID accountId, Filter filter, Consumer<Entry> consumer) {
		this.accounts.get(accountId);
		Sql sql = where(accountId, filter);
		this.jdbc.query((connection) -> {
			var statement = connection.prepareStatement("SELECT * FROM sync_log WHERE "
					+ String.join(" AND ", sql.conditions) + " ORDER BY at DESC, id DESC");
			statement.setFetchSize(1000);
			for (int i = 0; i < sql.args.size(); i++) {
				statement.setObject(i + 1, sql.args.get(i));
			}
			return statement;
		}, (rs) -> {
			consumer.accept(entry(rs, 0));
		});
	}

	private static final class Sql {

		final List<String> conditions = new ArrayList<>();

		final List<Object> args = new ArrayList<>();

		void condition(String condition, Object... values) {
			this.conditions.add(condition);
			this.args.addAll(List.of(values));
		}

	}

	private Sql where(UUID accountId, Filter filter) {
		List<Problem> problems = new ArrayList<>();
		textsWithNul(filter)
			.forEach((name) -> problems.add(Problem.of(name + " must not contain a NUL character (%00)")));
		if (!problems.isEmpty()) {
			// PostgreSQL text cannot hold NUL: such a value cannot match anything and
			// must not reach SQL.
			throw Refusal.invalid(problems);
		}
		Sql sql = new Sql();
		sql.condition("account_id = ?", accountId);
		if (filter.from() != null) {
			sql.condition("at >= ?", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			sql.condition("at < ?", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
		}
		if (filter.from() != null && filter.to() != null && !filter.from().isBefore(filter.to())) {
			problems.add(Problem.of("from must be before to"));
		}
		if (blank(filter.origin()) != null) {
			String origin = filter.origin().trim().toLowerCase(Locale.ROOT);
			if (!ORIGINS.contains(origin)) {
				problems
					.add(Problem.of("origin must be one of " + String.join(", ", ORIGINS.stream().sorted().toList())));
			}
			sql.condition("source LIKE ?", origin + ":%");
		}
		if (blank(filter.source()) != null) {
			sql.condition("source = ?", filter.source().trim());
		}
		if (blank(filter.requestId()) != null) {
			sql.condition("request_id = ?", filter.requestId().trim());
		}
		if (blank(filter.operation()) != null) {
			sql.condition("operation = ?", filter.operation().trim().toLowerCase(Locale.ROOT));
		}
		if (blank(filter.outcome()) != null) {
			String outcome = filter.outcome().trim().toLowerCase(Locale.ROOT);
			if (!OUTCOMES.contains(outcome)) {
				problems.add(Problem.of("outcome must be applied, skipped or error"));
			}
			sql.condition("outcome = ?", outcome);
		}
		if (blank(filter.user()) != null) {
			SyncLogUsers.LoggedUser user = this.users.identify(accountId, filter.user().trim());
			sql.condition("(resource_id = ANY(?) OR source = ANY(?))",
					user.recordIds().stream().map(UUID::toString).toArray(String[]::new),
					user.scimUserIds().stream().map((id) -> "scim:" + id).toArray(String[]::new));
		}
		if (!problems.isEmpty()) {
			throw Refusal.invalid(problems);
		}
		return sql;
	}

	private static List<String> textsWithNul(Filter filter) {
		List<String> names = new ArrayList<>();
		String[][] texts = { { "origin", filter.origin() }, { "source", filter.source() },
				{ "operation", filter.operation() }, { "outcome", filter.outcome() }, { "user", filter.user() },
				{ "requestId", filter.requestId() } };
		for (String[] text : texts) {
			if (text[1] != null && text[1].indexOf('\0') >= 0) {
				names.add(text[0]);
			}
		}
		return names;
	}

	private Entry entry(ResultSet rs, int n) throws SQLException {
		return new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("source"),
				rs.getString("request_id"), rs.getString("operation"), rs.getString("resource_type"),
				rs.getString("resource_id"), rs.getString("outcome"), rs.getString("reason"), rs.getString("changes"));
	}

	private static String encode(Entry last) {
		long micros = last.at().getEpochSecond() * 1_000_000L + last.at().getNano() / 1000;
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((micros + ":" + last.id()).getBytes(StandardCharsets.UTF_8));
	}

	private static long[] decode(String cursor) {
		try {
			String[] parts = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8)
				.split(":");
			long[] position = { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
			// A made-up time outside PostgreSQL's range would fail in the database
			// instead of here.
			if (parts.length != 2 || position[0] < EARLIEST_CURSOR_MICROS || position[0] > LATEST_CURSOR_MICROS) {
				throw new IllegalArgumentException("cursor time out of range");
			}
			return position;
		}
		catch (RuntimeException ex) {
			throw Refusal.invalid("cursor is not one this server gave out; start again without it");
		}
	}

	private static final long EARLIEST_CURSOR_MICROS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond()
			* 1_000_000L;

	private static final long LATEST_CURSOR_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()
			* 1_000_000L;

	private static Instant micros(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
