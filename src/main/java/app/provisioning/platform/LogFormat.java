package app.provisioning.platform;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LOG_FORMAT}: plain text (the default, for a developer's terminal) or one JSON
 * object per line for a log collector, using Spring Boot's structured logging.
 * {@code json} means Elastic Common Schema; {@code logstash} and {@code gelf} pick those
 * shapes. The request id and the account id of the log context become fields of every
 * line.
 */
class LogFormat implements EnvironmentPostProcessor, Ordered {

	static final String SETTING = "LOG_FORMAT";

	private static final String CONSOLE_FORMAT = "logging.structured.format.console";

	private static final Map<String, String> STRUCTURED = Map.of("json", "ecs", "ecs", "ecs", "logstash", "logstash",
			"gelf", "gelf");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String value = environment.getProperty(SETTING, "").trim().toLowerCase(Locale.ROOT);
		if (value.isEmpty() || value.equals("text")) {
			return;
		}
		String format = STRUCTURED.get(value);
		if (format == null) {
			throw new InvalidSettingException(
					"Invalid setting " + SETTING + " = '" + environment.getProperty(SETTING)
							+ "': it must be text (the default), json, ecs, logstash or gelf.",
					"Correct " + SETTING + ", or unset it for plain text (docs/settings.md).");
		}
		// Last: an explicit logging.structured.format.console still wins.
		environment.getPropertySources().addLast(new MapPropertySource("logFormat", Map.of(CONSOLE_FORMAT, format)));
	}

	@Override
	public int getOrder() {
		// After the configuration files are read, before logging is set up.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
