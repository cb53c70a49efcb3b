package app.provisioning.health;

import java.time.Duration;

import app.provisioning.platform.SettingRules;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * When an account's provisioning counts as unhealthy.
 *
 * @param silenceAfter no SCIM request for this long, after requests had been coming in
 * the day before, means Entra may have stopped or quarantined provisioning (its cycle is
 * 40 minutes)
 * @param errorShareWarning share of the last hour's SCIM requests that Entra counts as
 * failures from which the account is "warning"
 * @param errorShareFailing the same, from which it is "failing" (Entra quarantines a job
 * that fails too much)
 * @param reconcileFailures reconciliation runs failed in a row from which it is "failing"
 * @param credentialWarning a credential that expires within this is a warning
 */
@ConfigurationProperties("provisioning.health")
public record HealthProperties(Duration silenceAfter, Integer errorShareWarning, Integer errorShareFailing,
		Integer reconcileFailures, Duration credentialWarning) {

	public HealthProperties {
		silenceAfter = SettingRules.positive("provisioning.health.silence-after",
				(silenceAfter != null) ? silenceAfter : Duration.ofHours(3));
		errorShareWarning = SettingRules.between("provisioning.health.error-share-warning",
				(errorShareWarning != null) ? errorShareWarning : 5, 1, 100);
		errorShareFailing = SettingRules.between("provisioning.health.error-share-failing",
				(errorShareFailing != null) ? errorShareFailing : 20, errorShareWarning, 100);
		reconcileFailures = SettingRules.between("provisioning.health.reconcile-failures",
				(reconcileFailures != null) ? reconcileFailures : 3, 1, 100);
		credentialWarning = SettingRules.positive("provisioning.health.credential-warning",
				(credentialWarning != null) ? credentialWarning : Duration.ofDays(14));
	}

}
