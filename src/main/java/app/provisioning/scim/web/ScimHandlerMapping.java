package app.provisioning.scim.web;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finds a SCIM request's endpoint among the SCIM routes only. Spring MVC matches a path
 * with a variable ({@code /Users/{id}}, {@code /Groups/{id}}: every PATCH Entra sends)
 * against every route of the application, well over a hundred administration API and page
 * routes, checking method and pattern of each; a profile found that lookup at several
 * percent of a request's CPU. Asked before the application's own mapping, which keeps
 * these routes too and answers everything else (a path no SCIM route matches falls
 * through to it, as before).
 */
class ScimHandlerMapping extends RequestMappingHandlerMapping {

	ScimHandlerMapping() {
		setOrder(-1);
		setPatternParser(ScimWebConfiguration.caseInsensitivePaths());
	}

	@Override
	protected boolean isHandler(Class<?> beanType) {
		return beanType.getPackageName().equals(ScimHandlerMapping.class.getPackageName()) && super.isHandler(beanType);
	}

}
