package app.provisioning.directory;

import java.util.ArrayList;
import java.util.List;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

/**
 * The one pass over a filter's {@code and}, {@code or} and {@code not}: it writes their
 * SQL and carries up whether the matches are pinned by a key, leaving each comparison to
 * a {@link Scope}. The whole filter, {@code emails[...]} and {@code members[...]} are all
 * combined by these same rules, so they share this walk.
 */
final class FilterWalk {

	private FilterWalk() {
	}

	static Condition walk(Filter filter, Scope scope) throws BadRequestException {
		return switch (filter.getFilterType()) {
			case AND, OR -> combine(filter, scope);
			// A comparison on an absent attribute is NULL, and NOT NULL would drop the
			// row; the row does not match the comparison, so its negation keeps it.
			case NOT ->
				Condition.unpinned("NOT coalesce((" + walk(filter.getInvertedFilter(), scope).sql() + "), false)");
			default -> scope.comparison(filter);
		};
	}

	private static Condition combine(Filter filter, Scope scope) throws BadRequestException {
		boolean and = filter.getFilterType() == FilterType.AND;
		List<String> sql = new ArrayList<>();
		Filter pin = null;
		for (Filter part : filter.getCombinedFilters()) {
			Condition condition = walk(part, scope);
			sql.add(condition.sql());
			if (and && condition.pin() != null && (scope.pinsThroughGroups() || !part.isCombiningFilter())) {
				pin = condition.pin();
			}
		}
		return new Condition("(" + String.join(and ? " AND " : " OR ", sql) + ")", pin);
	}

	/**
	 * The SQL of one part of a filter, and a comparison on an indexed key that every
	 * match of it satisfies, or null. An {@code and} keeps its parts' pin; an {@code or}
	 * or a {@code not} cannot, since some of their matches need not satisfy it.
	 */
	record Condition(String sql, Filter pin) {

		static Condition unpinned(String sql) {
			return new Condition(sql, null);
		}

	}

	/**
	 * What the comparisons of one part of a filter read: the row, one element of a
	 * complex attribute, or a group's member rows.
	 */
	interface Scope {

		Condition comparison(Filter filter) throws BadRequestException;

		/**
		 * Whether a pin found inside a parenthesised {@code and} also pins the
		 * {@code and} around it.
		 */
		default boolean pinsThroughGroups() {
			return true;
		}

	}

}
