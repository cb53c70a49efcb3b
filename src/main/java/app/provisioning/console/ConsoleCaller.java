package app.provisioning.console;

import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import app.provisioning.account.AccountAccess;
import app.provisioning.account.AccountRole;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Who is signed in, for every page: the header names them, and an account's pages hide
 * the forms a viewer may not use (the server refuses them anyway).
 */
@ControllerAdvice(basePackageClasses = ConsoleCaller.class)
class ConsoleCaller {

	@ModelAttribute("caller")
	AccountAccess caller(Authentication authentication) {
		return AccountAccess.of(authentication);
	}

	/**
	 * The caller's role in the page's account ({@code owner} for the operator), or null
	 * off an account's pages.
	 */
	@ModelAttribute("accountRole")
	String accountRole(Authentication authentication, HttpServletRequest request) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (!(variables instanceof Map<?, ?> values) || !(values.get("accountId") instanceof String accountId)) {
			return null;
		}
		try {
			return AccountAccess.of(authentication)
				.roleIn(UUID.fromString(accountId))
				.map(AccountRole::value)
				.orElse(null);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@ModelAttribute("readOnly")
	boolean readOnly(Authentication authentication, HttpServletRequest request) {
		return AccountRole.VIEWER.value().equals(accountRole(authentication, request));
	}

}
