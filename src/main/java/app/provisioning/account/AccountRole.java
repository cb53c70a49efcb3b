package app.provisioning.account;

import app.provisioning.platform.Refusal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a member or an account API key may do in its account; each role includes the ones
 * below it.
 */
public enum AccountRole {

	/** Reads everything but secrets. */
	VIEWER,

	/**
	 * Also changes the connection, field maps, permission levels, tokens and webhooks,
	 * and runs syncs.
	 */
	ADMINISTRATOR,

	/** Also manages the account's members. */
	OWNER;

	public boolean includes(AccountRole other) {
		return compareTo(other) >= 0;
	}

	/** The name used in the API and the database. */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The role a client named, or a 400 that lists the roles there are. */
	public static AccountRole parse(String value, String parameter) {
		if (value != null) {
			for (AccountRole role : values()) {
				if (role.value().equalsIgnoreCase(value.trim())) {
					return role;
				}
			}
		}
		throw Refusal.invalid(parameter + " must be one of "
				+ Arrays.stream(values()).map(AccountRole::value).collect(Collectors.joining(", ")) + "; got "
				+ ((value == null) ? "nothing" : "'" + value + "'"));
	}

}
