package app.provisioning.support;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/** A security group of a fake tenant; members are users and other groups (nesting). */
public final class FakeGraphGroup {

	static final List<String> PROPERTIES = List.of("id", "displayName", "description", "mail", "mailEnabled",
			"mailNickname", "securityEnabled", "groupTypes", "visibility", "createdDateTime");

	private final FakeGraphTenant tenant;

	private final String id;

	private final long position;

	private final String createdDateTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

	private volatile String displayName;

	private volatile String description;

	private final Set<FakeGraphUser> users = ConcurrentHashMap.newKeySet();

	private final Set<FakeGraphGroup> groups = ConcurrentHashMap.newKeySet();

	FakeGraphGroup(FakeGraphTenant tenant, String id, long position, String displayName) {
		this.tenant = tenant;
		this.id = id;
		this.position = position;
		this.displayName = displayName;
	}

	public String id() {
		return this.id;
	}

	public String displayName() {
		return this.displayName;
	}

	public FakeGraphGroup displayName(String displayName) {
		this.displayName = displayName;
		return this;
	}

	public FakeGraphGroup description(String description) {
		this.description = description;
		return this;
	}

	public FakeGraphGroup add(FakeGraphUser... members) {
		for (FakeGraphUser member : members) {
			sameTenant(member.tenant());
			this.users.add(member);
		}
		return this;
	}

	public FakeGraphGroup add(FakeGraphGroup... members) {
		for (FakeGraphGroup member : members) {
			sameTenant(member.tenant);
			this.groups.add(member);
		}
		return this;
	}

	public FakeGraphGroup remove(FakeGraphUser member) {
		this.users.remove(member);
		return this;
	}

	public FakeGraphGroup remove(FakeGraphGroup member) {
		this.groups.remove(member);
		return this;
	}

	long position() {
		return this.position;
	}

	/**
	 * The users in this group or any group nested in it, each once, in a stable order (so
	 * the same {@code $skiptoken} works page after page). Deleted users have left their
	 * groups; nesting cycles are tolerated.
	 */
	NavigableMap<Long, FakeGraphUser> transitiveUsers() {
		NavigableMap<Long, FakeGraphUser> found = new TreeMap<>();
		Set<FakeGraphGroup> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Deque<FakeGraphGroup> pending = new ArrayDeque<>();
		pending.add(this);
		while (!pending.isEmpty()) {
			FakeGraphGroup group = pending.poll();
			if (!seen.add(group) || !this.tenant.exists(group)) {
				continue;
			}
			for (FakeGraphUser user : group.users) {
				if (!user.deleted() && this.tenant.exists(user)) {
					found.put(user.position(), user);
				}
			}
			pending.addAll(group.groups);
		}
		return found;
	}

	JsonNode property(String name) {
		JsonNodeFactory json = JsonNodeFactory.instance;
		return switch (name) {
			case "id" -> json.textNode(this.id);
			case "displayName" -> json.textNode(this.displayName);
			case "description" -> (this.description != null) ? json.textNode(this.description) : NullNode.getInstance();
			case "mailEnabled" -> json.booleanNode(false);
			case "securityEnabled" -> json.booleanNode(true);
			case "groupTypes" -> json.arrayNode();
			case "createdDateTime" -> json.textNode(this.createdDateTime);
			default -> NullNode.getInstance();
		};
	}

	private void sameTenant(FakeGraphTenant other) {
		if (other != this.tenant) {
			throw new IllegalArgumentException("Group members must be in the group's tenant");
		}
	}

	@Override
	public String toString() {
		return "FakeGraphGroup[" + this.id + ", " + this.displayName + "]";
	}

}
