package no.budstikke.config;

import java.time.Clock;

import no.budstikke.security.CachingJwtDecoder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Puts the verified-token cache in front of whichever JWT decoder is configured (development or real issuer). */
@Configuration(proxyBeanMethods = false)
public class JwtDecoderCaching {

    /** The properties come late (a post-processor is built before them), when the first decoder is. */
    @Bean
    static BeanPostProcessor cachingJwtDecoderPostProcessor(ObjectProvider<BudstikkeProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(decoder, properties.getObject().security().tokenCacheSize(),
                            Clock.systemUTC());
                }
                return bean;
            }
        };
    }
}
