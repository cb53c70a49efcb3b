package app.provisioning.reconcile;

import java.util.Collection;
import java.util.List;

/**
 * The Microsoft Graph application permissions the integration uses, what each is for, and
 * which broader permissions also cover it. Application.Read.All is optional: without it
 * the client secret's expiry cannot be shown.
 */
enum GraphPermission {

	USER_READ_ALL("User.Read.All", "read users and deleted users", true,
			List.of("User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All")),

	GROUP_MEMBER_READ_ALL("GroupMember.Read.All", "read the selected groups and their members", true,
			List.of("GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "GroupMember.ReadWrite.All",
					"Directory.Read.All", "Directory.ReadWrite.All")),

	APPLICATION_READ_ALL("Application.Read.All", "read the app registration, to show when the client secret expires",
			false, List.of("Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All",
					"Directory.ReadWrite.All"));

	private final String name;

	private final String purpose;

	private final boolean required;

	private final List<String> coveredBy;

	GraphPermission(String name, String purpose, boolean required, List<String> coveredBy) {
		this.name = name;
		this.purpose = purpose;
		this.required = required;
		this.coveredBy = coveredBy;
	}

	String permissionName() {
		return this.name;
	}

	String purpose() {
		return this.purpose;
	}

	boolean required() {
		return this.required;
	}

	boolean grantedBy(Collection<String> roles) {
		return this.coveredBy.stream().anyMatch(roles::contains);
	}

	/** What an administrator does about it, in the Azure portal's words. */
	String advice(String tenantId) {
		return "Add the Microsoft Graph application permission " + this.name + " (to " + this.purpose
				+ ") under the app registration's API permissions, then press \"Grant admin consent\" for tenant "
				+ tenantId;
	}

}
