package app.provisioning.scim.web;

import app.provisioning.scim.ScimProperties;
import app.provisioning.scim.ScimResources;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(ResourceEndpoint.BASE_PATH + "/Users")
class UsersEndpoint extends ResourceEndpoint {

	UsersEndpoint(@Qualifier("scimUsers") ScimResources users, ScimProperties limits) {
		super(users, limits);
	}

	@Override
	boolean answersPatchWithBody() {
		return true;
	}

}
