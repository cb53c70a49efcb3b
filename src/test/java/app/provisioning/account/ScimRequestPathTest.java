package app.provisioning.account;

import java.util.List;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import app.provisioning.support.ScimIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every SCIM request pays for each filter and request wrapper it passes through, so the
 * ones it has no use for stay off its path. (A request without a credential is still a
 * SCIM 401, and a suspended account's a 403: the corpus and isolation tests say so.)
 */
class ScimRequestPathTest extends ScimIntegrationTest {

	@Autowired
	private FilterChainProxy security;

	@Autowired
	private List<FilterRegistrationBean<?>> registeredFilters;

	@Test
	void scimRequestsPassNoAnonymousUserNorServletApiWrapper() {
		List<Filter> scimChain = this.security.getFilters("/scim/v2/Users");
		assertThat(scimChain).isNotEmpty()
			.noneMatch(AnonymousAuthenticationFilter.class::isInstance)
			.noneMatch(SecurityContextHolderAwareRequestFilter.class::isInstance);
	}

	@Test
	void noRequestIsWrappedToRewriteResourceUrls() {
		assertThat(this.registeredFilters).extracting(FilterRegistrationBean::getFilter)
			.noneMatch(ResourceUrlEncodingFilter.class::isInstance);
	}

}
