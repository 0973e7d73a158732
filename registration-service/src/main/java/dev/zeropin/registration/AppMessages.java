package dev.zeropin.registration;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * Every user-visible text of registration-service (English defaults; other languages in
 * {@code messages/msg_<lang>.properties}). Templates use them as {@code {msg:key}}.
 */
@MessageBundle("msg")
public interface AppMessages {

    @Message("Verify your e-mail address for {projectName}")
    String mail_verification_subject(String projectName);

    @Message("Hello,")
    String mail_greeting();

    @Message("someone (hopefully you) is registering {userId} for one-time passwords of {projectName}.")
    String mail_intro(String userId, String projectName);

    @Message("Your verification code:")
    String mail_code_label();

    @Message("Or open this link on the device you are registering:")
    String mail_link_label();

    @Message("The code and the link are valid for {minutes} minutes and can be used once.")
    String mail_validity(long minutes);

    @Message("If you did not ask for this, ignore this e-mail: nothing happens without the code.")
    String mail_ignore();
}
