package app.provisioning.scim.query;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import app.provisioning.scim.schema.AttributeResolver;
import app.provisioning.scim.schema.ResolvedAttribute;
import app.provisioning.scim.schema.ScimResourceType;

/**
 * Checks that every attribute a filter names exists: a filter on an unknown attribute is
 * 400 invalidFilter, never a silent empty result.
 */
public final class FilterAttributes {

	private FilterAttributes() {
	}

	public static void check(ScimResourceType type, Filter filter) throws BadRequestException {
		switch (filter.getFilterType()) {
			case AND, OR -> {
				for (Filter part : filter.getCombinedFilters()) {
					check(type, part);
				}
			}
			case NOT -> check(type, filter.getInvertedFilter());
			case COMPLEX_VALUE -> {
				ResolvedAttribute attribute = resolve(type, filter);
				if (!attribute.isComplex()) {
					throw BadRequestException.invalidFilter(
							"'" + attribute.name() + "' is not a complex attribute, so it cannot take a value filter");
				}
				checkInside(attribute, filter.getValueFilter());
			}
			default -> resolve(type, filter);
		}
	}

	private static void checkInside(ResolvedAttribute complex, Filter filter) throws BadRequestException {
		switch (filter.getFilterType()) {
			case AND, OR -> {
				for (Filter part : filter.getCombinedFilters()) {
					checkInside(complex, part);
				}
			}
			case NOT -> checkInside(complex, filter.getInvertedFilter());
			case COMPLEX_VALUE -> throw BadRequestException.invalidFilter("Value filters cannot be nested: " + filter);
			default -> {
				if (filter.getAttributePath().size() != 1 || filter.getAttributePath().getSchemaUrn() != null) {
					throw BadRequestException.invalidFilter("Inside '" + complex.name()
							+ "[...]' name sub-attributes only, e.g. type eq \"work\"; got " + filter);
				}
				try {
					AttributeResolver.subAttribute(complex.attribute(),
							filter.getAttributePath().getElement(0).getAttribute());
				}
				catch (BadRequestException ex) {
					throw BadRequestException.invalidFilter(ex.getMessage());
				}
			}
		}
	}

	private static ResolvedAttribute resolve(ScimResourceType type, Filter filter) throws BadRequestException {
		try {
			return AttributeResolver.resolve(type, filter.getAttributePath());
		}
		catch (BadRequestException ex) {
			throw BadRequestException.invalidFilter(ex.getMessage());
		}
	}

}
