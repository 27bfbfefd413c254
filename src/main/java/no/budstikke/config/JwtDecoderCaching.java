package no.budstikke.config;

import java.time.Clock;

import no.budstikke.security.CachingJwtDecoder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** Puts the verified-token cache in front of whichever JWT decoder is configured (development or real issuer). */
@Configuration(proxyBeanMethods = false)
public class JwtDecoderCaching {

    @Bean
    static BeanPostProcessor cachingJwtDecoderPostProcessor() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)) {
                    return new CachingJwtDecoder(decoder, 10_000, Clock.systemUTC());
                }
                return bean;
            }
        };
    }
}
