package app.provisioning.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the probes of one connection test found, in the order they ran. The outcome and
 * its message are worded from it by {@link OutcomeMessages}.
 */
final class ProbeFindings {

	private final List<ConnectionTest.Check> checks = new ArrayList<>();

	private final List<GraphPermission> missingPermissions = new ArrayList<>();

	private final List<String> unanswered = new ArrayList<>();

	private final List<String> warnings = new ArrayList<>();

	private List<String> grantedPermissions = List.of();

	private String applicationName;

	private Instant clientSecretExpiresAt;

	void check(String name, boolean ok, String detail) {
		this.checks.add(new ConnectionTest.Check(name, ok, detail));
	}

	void check(ConnectionTest.Check check) {
		this.checks.add(check);
	}

	void missing(GraphPermission permission) {
		this.missingPermissions.add(permission);
	}

	/** A probe Graph did not answer (throttled or unavailable), by its batch id. */
	void unanswered(String id) {
		this.unanswered.add(id);
	}

	void warn(String warning) {
		this.warnings.add(warning);
	}

	void granted(List<String> roles) {
		this.grantedPermissions = roles;
	}

	void application(String name, Instant secretExpiresAt) {
		this.applicationName = name;
		this.clientSecretExpiresAt = secretExpiresAt;
	}

	List<ConnectionTest.Check> checks() {
		return this.checks;
	}

	/** Each missing permission once, in the order the probes found them. */
	List<GraphPermission> missingPermissions() {
		return this.missingPermissions.stream().distinct().toList();
	}

	List<String> unanswered() {
		return this.unanswered;
	}

	List<String> warnings() {
		return this.warnings;
	}

	List<String> grantedPermissions() {
		return this.grantedPermissions;
	}

	String applicationName() {
		return this.applicationName;
	}

	Instant clientSecretExpiresAt() {
		return this.clientSecretExpiresAt;
	}

}
