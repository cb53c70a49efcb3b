package app.provisioning.scim.schema;

import com.unboundid.scim2.common.exceptions.BadRequestException;

/**
 * A path naming an attribute or schema that the resource type does not define. Filters
 * answer it with 400 invalidFilter; request bodies and PATCH ignore it, because Entra
 * sends attributes of its own that we do not keep.
 */
public class UnknownAttributeException extends BadRequestException {

	UnknownAttributeException(String detail) {
		super(detail, BadRequestException.INVALID_PATH);
	}

}
