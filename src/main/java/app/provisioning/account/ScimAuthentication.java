package app.provisioning.account;

import java.util.List;

import app.provisioning.scim.ScimTenant;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated SCIM caller. The principal is the account ({@link ScimTenant}); a
 * suspended account authenticates but lacks {@value #SCIM_CLIENT}, so it is answered 403.
 */
public final class ScimAuthentication extends AbstractAuthenticationToken {

	static final String SCIM_CLIENT = "SCIM_CLIENT";

	static final String SUSPENDED = "SCIM_ACCOUNT_SUSPENDED";

	private final ScimTenant tenant;

	public ScimAuthentication(ScimCaller caller) {
		super(authorities(caller));
		this.tenant = new ScimTenant(caller.accountId());
		setDetails(caller);
		setAuthenticated(true);
	}

	private static List<GrantedAuthority> authorities(ScimCaller caller) {
		return List.of(new SimpleGrantedAuthority(caller.active() ? SCIM_CLIENT : SUSPENDED));
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public ScimTenant getPrincipal() {
		return this.tenant;
	}

	ScimCaller caller() {
		return (ScimCaller) getDetails();
	}

}
