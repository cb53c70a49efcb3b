package app.provisioning.health;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import app.provisioning.account.AccountMember;
import app.provisioning.account.AccountMembers;
import app.provisioning.account.AccountRole;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who receives an account's alerts: the address set on the account, its owners and
 * administrators (their sign-in names, when those are e-mail addresses), and the
 * operator's address.
 */
@Component
class AlertAddresses {

	// Deliberately plain: one @ between two parts without spaces, control characters or
	// list separators; the SMTP server has the last word.
	private static final Pattern ADDRESS = Pattern.compile("[^@\\s\\p{Cntrl}<>,;]+@[^@\\s\\p{Cntrl}<>,;]+");

	static final int MAX_LENGTH = 254;

	private final JdbcTemplate jdbc;

	private final AccountMembers members;

	private final AlertsProperties properties;

	AlertAddresses(JdbcTemplate jdbc, AccountMembers members, AlertsProperties properties) {
		this.jdbc = jdbc;
		this.members = members;
		this.properties = properties;
	}

	static boolean looksLikeAnAddress(String text) {
		return text != null && text.length() <= MAX_LENGTH && ADDRESS.matcher(text).matches();
	}

	/** Where alerts go, by channel. */
	record Channels(String account, List<String> members, String operator) {

		Set<String> all() {
			Set<String> all = new LinkedHashSet<>();
			if (this.account != null) {
				all.add(this.account);
			}
			all.addAll(this.members);
			if (this.operator != null) {
				all.add(this.operator);
			}
			return all;
		}

	}

	Channels of(UUID accountId) {
		List<String> set = this.jdbc.queryForList("SELECT email FROM alert_settings WHERE account_id = ?", String.class,
				accountId);
		List<String> administrators = this.members.list(accountId)
			.stream()
			.filter((member) -> member.getRole() == AccountRole.OWNER || member.getRole() == AccountRole.ADMINISTRATOR)
			.map(AccountMember::getUserPrincipalName)
			.filter(AlertAddresses::looksLikeAnAddress)
			.distinct()
			.toList();
		return new Channels(set.isEmpty() ? null : set.get(0), administrators, this.properties.operatorEmail());
	}

}
