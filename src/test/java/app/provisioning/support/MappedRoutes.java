package app.provisioning.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes the running server maps, each once, so that a test covering "every route"
 * covers a new one the day it is added.
 */
public final class MappedRoutes {

	/**
	 * One mapped method and path pattern, as declared
	 * ({@code /api/accounts/{accountId}/…}).
	 */
	public record Route(String method, String pattern) {
	}

	private MappedRoutes() {
	}

	/** Routes whose pattern starts with {@code prefix}, with an explicit HTTP method. */
	public static List<Route> under(ApplicationContext context, String prefix) {
		Set<String> seen = new TreeSet<>();
		List<Route> routes = new ArrayList<>();
		for (RequestMappingHandlerMapping mapping : context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				for (String pattern : info.getPatternValues()) {
					for (RequestMethod method : info.getMethodsCondition().getMethods()) {
						if (pattern.startsWith(prefix) && seen.add(method + " " + pattern)) {
							routes.add(new Route(method.name(), pattern));
						}
					}
				}
			}
		}
		return routes;
	}

}
