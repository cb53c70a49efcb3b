package app.provisioning.account;

import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a sign-in to the administration pages lasts.
 *
 * @param sessionLifetime the longest a session lasts, however busy
 * @param idleTimeout a session unused for this long ends
 */
@ConfigurationProperties("provisioning.console")
public record ConsoleSessionProperties(Duration sessionLifetime, Duration idleTimeout) {

	public ConsoleSessionProperties {
		sessionLifetime = SettingRules.positive("provisioning.console.session-lifetime",
				(sessionLifetime != null) ? sessionLifetime : Duration.ofHours(8));
		idleTimeout = SettingRules.positive("provisioning.console.idle-timeout",
				(idleTimeout != null) ? idleTimeout : Duration.ofMinutes(30));
	}

}
