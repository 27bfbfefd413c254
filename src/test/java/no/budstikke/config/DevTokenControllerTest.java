package no.budstikke.config;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import no.budstikke.security.DevTokenController;
import no.budstikke.security.DevTokenIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The development issuer hands tokens only to callers on this machine, judged by the connection's own address:
 * requests are built with a remote address (never sent from one), and forwarding headers do not change the verdict.
 */
class DevTokenControllerTest {

    private static final String BODY = "{\"identity\":\"/org/skd\",\"scopes\":[\"altinn:events.publish.admin\"]}";

    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new DevTokenController(new DevTokenIssuer(Duration.ofMinutes(5)))).build();

    @Test
    void aLoopbackCallerGetsAToken() throws Exception {
        for (String loopback : new String[] {"127.0.0.1", "127.0.0.53", "::1", "0:0:0:0:0:0:0:1"}) {
            mvc.perform(request(loopback)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.access_token").isNotEmpty());
        }
    }

    @Test
    void aCallerFromAnotherAddressIsRefusedWithAProblem() throws Exception {
        for (String remote : new String[] {"203.0.113.9", "192.168.1.20", "2001:db8::9", "10.0.0.1"}) {
            mvc.perform(request(remote)).andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.status").value(403))
                    .andExpect(jsonPath("$.access_token").doesNotExist());
        }
    }

    @Test
    void forwardingHeadersDoNotMakeARemoteCallerLocal() throws Exception {
        mvc.perform(request("203.0.113.9")
                        .header("X-Forwarded-For", "127.0.0.1")
                        .header("X-Real-IP", "127.0.0.1")
                        .header("Forwarded", "for=127.0.0.1;proto=http;host=localhost"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.access_token").doesNotExist());
    }

    private static MockHttpServletRequestBuilder request(String remoteAddress) {
        return post("/dev/token").contentType(MediaType.APPLICATION_JSON).content(BODY)
                .with(request -> {
                    request.setRemoteAddr(remoteAddress);
                    return request;
                });
    }
}
