package app.provisioning.platform;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Turns "the external database cannot be used" at start-up into one line naming host and
 * port (or user, or database) instead of the connection pool's and Flyway's nested stack
 * traces. Uses PostgreSQL's SQLSTATE classes: 08 connection, 28 authentication, 3D000 no
 * such database.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private final Environment environment;

	DatabaseUnreachableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		String url = (this.environment != null) ? this.environment.getProperty("spring.datasource.url") : null;
		String state = cause.getSQLState();
		if (url == null || !url.startsWith("jdbc:postgresql:") || state == null) {
			return null;
		}
		String address = DatabaseAddress.hostAndPort(url);
		if (state.startsWith("08")) {
			return new FailureAnalysis(
					"Cannot reach PostgreSQL at " + address + " (SPRING_DATASOURCE_URL): " + cause.getMessage(),
					"Check that the database server runs and that this host can reach " + address
							+ " (host name, port, firewall), or correct SPRING_DATASOURCE_URL.",
					cause);
		}
		if (state.startsWith("28")) {
			return new FailureAnalysis(
					"PostgreSQL at " + address + " refused the login of user '"
							+ this.environment.getProperty("spring.datasource.username", "") + "'.",
					"Correct SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD, or allow this host in the "
							+ "server's pg_hba.conf.",
					cause);
		}
		if (state.equals("3D000")) {
			return new FailureAnalysis(
					"PostgreSQL at " + address + " has no database named in SPRING_DATASOURCE_URL ("
							+ DatabaseAddress.redact(url) + ").",
					"Create the database (CREATE DATABASE ... OWNER ...) or "
							+ "correct the name in SPRING_DATASOURCE_URL; the server creates its tables itself.",
					cause);
		}
		return null;
	}

}
