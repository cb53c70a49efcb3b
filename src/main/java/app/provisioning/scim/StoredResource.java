package app.provisioning.scim;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A resource as the store returns it. {@code members} is null when members were not
 * loaded.
 */
public record StoredResource(String id, ObjectNode attributes, long version, Instant created, Instant lastModified,
		List<Member> members) {

	/**
	 * A group member: the member's id, its resource type ({@code User} or {@code Group})
	 * and the {@code display} the client sent with it, or null.
	 */
	public record Member(String id, String type, String display) {
	}

	public String etag() {
		return ETags.of(this.version);
	}

}
