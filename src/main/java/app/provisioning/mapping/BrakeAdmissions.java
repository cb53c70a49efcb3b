package app.provisioning.mapping;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides, once for the whole cluster, whether one more deactivation of an account fits
 * its brake. Each decision is its own short transaction on connections of its own,
 * committed at once: the account's brake row is locked only for that moment, so SCIM
 * transactions never wait for each other's locks on it (nor deadlock over it with the
 * record rows they hold), and a transaction that rolls back afterwards has used up one
 * deactivation of the window (the brake errs on the side of holding).
 */
@Component
class BrakeAdmissions implements DisposableBean {

	/** What the brake says about one deactivation. */
	enum Admission {

		/** Fits the limit; counted. */
		ADMITTED,

		/** Over the limit: hold it. */
		HELD,

		/** The account turned its brake off. */
		OFF

	}

	private final HikariDataSource own;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	BrakeAdmissions(DataSource dataSource) throws SQLException {
		this.own = ownPool(dataSource);
		DataSource decisions = (this.own != null) ? this.own : dataSource;
		this.jdbc = new JdbcTemplate(decisions);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(decisions));
	}

	// Two connections of the same database: the decision must not wait for a connection
	// of the main pool, which the transactions asking for it may all be holding.
	private static HikariDataSource ownPool(DataSource dataSource) throws SQLException {
		if (!dataSource.isWrapperFor(HikariDataSource.class)) {
			return null;
		}
		HikariDataSource main = dataSource.unwrap(HikariDataSource.class);
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("deactivation-brake");
		pool.setJdbcUrl(main.getJdbcUrl());
		pool.setUsername(main.getUsername());
		pool.setPassword(main.getPassword());
		pool.setDataSourceProperties(main.getDataSourceProperties());
		pool.setConnectionTimeout(main.getConnectionTimeout());
		pool.setMaximumPoolSize(2);
		pool.setMinimumIdle(0);
		return pool;
	}

	Admission admit(UUID accountId) {
		return this.transactions.execute((status) -> {
			this.jdbc.update("INSERT INTO deactivation_brake (account_id) VALUES (?) ON CONFLICT DO NOTHING",
					accountId);
			BrakeSettings settings = this.jdbc.queryForObject(
					"SELECT enabled, max_count, max_percent, window_minutes FROM deactivation_brake"
							+ " WHERE account_id = ? FOR UPDATE",
					(rs, n) -> new BrakeSettings(rs.getBoolean("enabled"), rs.getInt("max_count"),
							rs.getInt("max_percent"), rs.getInt("window_minutes")),
					accountId);
			if (!settings.enabled()) {
				return Admission.OFF;
			}
			// What the window no longer counts is forgotten as it goes.
			this.jdbc.update(
					"DELETE FROM deactivation_admission WHERE account_id = ?"
							+ " AND at <= now() - ? * interval '1 minute'",
					accountId, BrakeSettings.MAX_WINDOW_MINUTES);
			int admitted = admittedInWindow(accountId, settings.windowMinutes());
			if (!fits(accountId, settings, admitted + 1)) {
				this.jdbc.update("UPDATE deactivation_brake SET engaged_at = now() WHERE account_id = ?", accountId);
				return Admission.HELD;
			}
			this.jdbc.update("INSERT INTO deactivation_admission (account_id) VALUES (?)", accountId);
			return Admission.ADMITTED;
		});
	}

	/** Deactivations let through within the window now. */
	int admittedInWindow(UUID accountId, int windowMinutes) {
		return this.jdbc.queryForObject(
				"SELECT count(*) FROM deactivation_admission"
						+ " WHERE account_id = ? AND at > now() - ? * interval '1 minute'",
				Integer.class, accountId, windowMinutes);
	}

	// The share needs the account's active records, counted only when the count alone
	// does not decide, and then once per window (see migration V25).
	private boolean fits(UUID accountId, BrakeSettings settings, int wanted) {
		if (wanted > settings.maxCount()) {
			return false;
		}
		if (wanted <= BrakeSettings.SHARE_FLOOR) {
			return true;
		}
		List<Integer> base = this.jdbc.queryForList(
				"SELECT share_base FROM deactivation_brake WHERE account_id = ?"
						+ " AND share_base IS NOT NULL AND share_base_at > now() - ? * interval '1 minute'",
				Integer.class, accountId, settings.windowMinutes());
		long active;
		if (base.isEmpty()) {
			active = this.jdbc.queryForObject(
					"SELECT (SELECT count(*) FROM person WHERE account_id = ? AND status = 'active')"
							+ " + (SELECT count(*) FROM login_user WHERE account_id = ? AND status = 'active')",
					Long.class, accountId, accountId);
			this.jdbc.update("UPDATE deactivation_brake SET share_base = ?, share_base_at = now() WHERE account_id = ?",
					(int) Math.min(Integer.MAX_VALUE, active), accountId);
		}
		else {
			active = base.get(0);
		}
		return wanted <= settings.limit(active);
	}

	@Override
	public void destroy() {
		if (this.own != null) {
			this.own.close();
		}
	}

}
