package app.provisioning.reconcile;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The reads the integration cannot work without, each tried with one small request in the
 * connection test's batch. A refusal names the permission to grant; any other failure is
 * Graph's, not the app registration's.
 */
enum PermissionProbe {

	USERS("users", "/users?$top=1&$select=id", GraphPermission.USER_READ_ALL),

	GROUPS("groups", "/groups?$top=1&$select=id", GraphPermission.GROUP_MEMBER_READ_ALL),

	DELETED_USERS("deletedUsers", "/directory/deletedItems/microsoft.graph.user?$top=1&$select=id",
			GraphPermission.USER_READ_ALL);

	private final String id;

	private final String url;

	private final GraphPermission permission;

	PermissionProbe(String id, String url, GraphPermission permission) {
		this.id = id;
		this.url = url;
		this.permission = permission;
	}

	/** The request's id in the batch, also the name of its check. */
	String id() {
		return this.id;
	}

	String url() {
		return this.url;
	}

	/** Judges Graph's answer to this probe's request; null when there was none. */
	void judge(JsonNode answer, ProbeFindings findings) {
		int status = (answer != null) ? answer.path("status").asInt() : 0;
		if (status == 200) {
			findings.check(this.id, true, "Read " + this.id);
		}
		else if (status == 403 || status == 401) {
			findings.check(this.id, false,
					"Not permitted to read " + this.id + " (" + GraphProbes.errorCode(answer) + ")");
			findings.missing(this.permission);
		}
		else {
			findings.check(this.id, false,
					"Reading " + this.id + " failed: HTTP " + status + " " + GraphProbes.errorCode(answer));
			findings.unanswered(this.id);
		}
	}

}
