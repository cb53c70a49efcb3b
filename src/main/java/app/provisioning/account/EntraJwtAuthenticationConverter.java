package app.provisioning.account;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * A valid Entra token acts for the account connected to the token's tenant ({@code tid}).
 */
class EntraJwtAuthenticationConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final AccountRepository accounts;

	EntraJwtAuthenticationConverter(AccountRepository accounts) {
		this.accounts = accounts;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		String tenant = jwt.getClaimAsString("tid");
		Account account = this.accounts.findByEntraTenantId(tenant)
			.orElseThrow(() -> new InvalidBearerTokenException("No account is connected to Entra tenant " + tenant
					+ "; set the account's entraTenantId in the administration API"));
		if (!account.acceptsEntraTokens()) {
			// The provisioning audience is shared by every custom SCIM app of the tenant,
			// so such a token may have been meant for another app: accept it only where
			// the admin said so.
			throw new InvalidBearerTokenException("Entra-issued tokens are not enabled for the account of tenant "
					+ tenant
					+ "; enable acceptEntraTokens in the administration API, or use a secret token or OAuth client");
		}
		return new ScimAuthentication(ScimCaller.of(account, "Entra token of tenant " + tenant));
	}

}
