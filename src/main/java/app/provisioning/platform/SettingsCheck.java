package app.provisioning.platform;

import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Checks every setting before any bean exists: a bad value stops start-up before the
 * embedded database starts, a migration runs or a port opens, and the report names the
 * environment variable to fix. Our settings records validate themselves when bound;
 * binding them here only moves that moment to the very beginning.
 */
@Component
class SettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

	private static final String DATASOURCE_URL = "spring.datasource.url";

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		String url = this.environment.getProperty(DATASOURCE_URL);
		checkDatabaseUrl(url);
		Binder binder = Binder.get(this.environment);
		checkNumber(binder, "server.port", 0, 65535);
		// Below 250 ms HikariCP silently falls back to 30 s, the opposite of what was
		// asked.
		Integer timeout = checkNumber(binder, "spring.datasource.hikari.connection-timeout", 250, Integer.MAX_VALUE);
		for (String name : beanFactory.getBeanDefinitionNames()) {
			Class<?> type = beanFactory.getType(name, false);
			ConfigurationProperties annotation = (type != null) ? type.getAnnotation(ConfigurationProperties.class)
					: null;
			if (annotation != null && type.isRecord() && type.getPackageName().startsWith("app.provisioning")) {
				bind(binder, annotation.value().isEmpty() ? annotation.prefix() : annotation.value(), type);
			}
		}
		if (url != null && !url.equals("embedded") && DatabaseAddress.probeable(url)) {
			checkDatabaseReachable(url, (timeout != null) ? timeout : 5000);
		}
	}

	/**
	 * A plain TCP connection first: when nothing answers, the report names host and port
	 * instead of the connection pool logging its stack trace. Login and database name are
	 * checked by the pool itself (see {@link DatabaseUnreachableFailureAnalyzer}).
	 */
	private static void checkDatabaseReachable(String url, int timeoutMillis) {
		String reason = DatabaseAddress.unreachable(url, timeoutMillis);
		if (reason != null) {
			String address = DatabaseAddress.hostAndPort(url);
			throw new InvalidSettingException(
					"Cannot reach PostgreSQL at " + address + " (SPRING_DATASOURCE_URL): " + reason + ".",
					"Check that the database server runs and that this" + " host can reach " + address
							+ " (host name, port, firewall), or correct SPRING_DATASOURCE_URL.");
		}
	}

	static void checkDatabaseUrl(String url) {
		if (url == null || url.equals("embedded") || url.startsWith("jdbc:postgresql:")) {
			if (url == null || !url.isBlank()) {
				return;
			}
		}
		String shown = url.isBlank() ? "empty" : "'" + DatabaseAddress.redact(url) + "'";
		throw new InvalidSettingException("SPRING_DATASOURCE_URL must be a PostgreSQL JDBC URL; it is " + shown + ".",
				"Set SPRING_DATASOURCE_URL=jdbc:postgresql://<host>:5432/<database> (the user and password go in "
						+ "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD), or unset it to run the embedded "
						+ "development database.");
	}

	private static Integer checkNumber(Binder binder, String property, int minimum, int maximum) {
		Integer value = bind(binder, property, Integer.class);
		if (value != null && (value < minimum || value > maximum)) {
			throw InvalidSettingException.of(property, value, "must be between " + minimum + " and " + maximum);
		}
		return value;
	}

	private static <T> T bind(Binder binder, String property, Class<T> type) {
		try {
			return binder.bind(property, Bindable.of(type)).orElse(null);
		}
		catch (BindException ex) {
			if (ex.getCause() instanceof InvalidSettingException invalid) {
				throw invalid;
			}
			if (ex.getProperty() == null) {
				throw ex;
			}
			String name = ex.getProperty().getName().toString();
			throw InvalidSettingException.of(name, "'" + ex.getProperty().getValue() + "'", expected(ex));
		}
	}

	private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Integer.class, int.class, Long.class, long.class);

	private static String expected(BindException ex) {
		Class<?> target = ex.getTarget().getType().resolve(Object.class);
		if (target == Duration.class) {
			return "not a duration; write e.g. 500ms, 30s, 5m, 1h or 7d";
		}
		if (WHOLE_NUMBERS.contains(target)) {
			return "not a whole number";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "must be true or false";
		}
		return "cannot be read as " + target.getSimpleName();
	}

}
