package app.provisioning.health;

import java.time.Duration;

import app.provisioning.platform.InvalidSettingException;
import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How alerts are sent.
 *
 * @param from the sender of the alerts' e-mails
 * @param operatorEmail also sent every account's alerts (optional)
 * @param repeat an alert still firing is sent again after this
 * @param checkEvery how often every account's health is checked: its badge, gauges and
 * alerts
 */
@ConfigurationProperties("provisioning.alerts")
public record AlertsProperties(String from, String operatorEmail, Duration repeat, Duration checkEvery) {

	public AlertsProperties {
		from = (from == null || from.isBlank()) ? "entra-provisioning@localhost" : from.trim();
		if (!AlertAddresses.looksLikeAnAddress(from)) {
			throw InvalidSettingException.of("provisioning.alerts.from", from, "must be an e-mail address");
		}
		operatorEmail = (operatorEmail == null || operatorEmail.isBlank()) ? null : operatorEmail.trim();
		if (operatorEmail != null && !AlertAddresses.looksLikeAnAddress(operatorEmail)) {
			throw InvalidSettingException.of("provisioning.alerts.operator-email", operatorEmail,
					"must be an e-mail address");
		}
		repeat = SettingRules.positive("provisioning.alerts.repeat", (repeat != null) ? repeat : Duration.ofHours(24));
		checkEvery = SettingRules.positive("provisioning.alerts.check-every",
				(checkEvery != null) ? checkEvery : Duration.ofMinutes(1));
	}

}
