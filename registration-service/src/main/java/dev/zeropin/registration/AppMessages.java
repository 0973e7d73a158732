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

    @Message("A registration of your e-mail address for {projectName} was not completed")
    String mail_unfinished_subject(String projectName);

    @Message("someone started to register {userId} for one-time passwords of {projectName} and did not"
            + " complete it.")
    String mail_unfinished_intro(String userId, String projectName);

    @Message("{wrongCodes} wrong verification codes were typed.")
    String mail_unfinished_wrong_codes(int wrongCodes);

    @Message("Nothing was issued: without the code or the link that we send to this address, nobody can"
            + " register it. If it was you, register again whenever you like. If it was not you, you need"
            + " not do anything; if such e-mails keep coming, tell your administrator.")
    String mail_unfinished_safe();

    @Message("We send this notice at most once a day.")
    String mail_unfinished_rate();

    // Pages: common

    @Message("en")
    String lang();

    @Message("Your PIN never leaves this device.")
    String footer_private();

    @Message("Skip to content")
    String skip_to_content();

    @Message("One-time passwords for {name}")
    String page_title(String name);

    @Message("Cannot reach the server. Check your connection and try again.")
    String err_network();

    @Message("Something went wrong on our side. Try again in a moment.")
    String err_server();

    @Message("Too many attempts. Wait {seconds} seconds and try again.")
    String err_too_many(String seconds);

    @Message("Try again")
    String try_again();

    @Message("Back")
    String back();

    // Landing page

    @Message("Get a one-time password for your VPN login.")
    String landing_intro();

    @Message("Your User IDs in this browser")
    String landing_choose();

    @Message("No User ID is registered in this browser yet.")
    String landing_none();

    @Message("Register a User ID")
    String landing_register();

    @Message("Remove from this browser")
    String landing_remove();

    @Message("Remove {userId} from this browser? You will have to register it again to use it here.")
    String landing_remove_confirm(String userId);

    @Message("{userId} was removed from this browser.")
    String landing_removed(String userId);

    @Message("This browser cannot store identities (IndexedDB is not available, e.g. in a private window).")
    String landing_no_storage();

    // Register page

    @Message("Register a User ID")
    String register_title();

    @Message("User ID (your e-mail address)")
    String register_user_label();

    @Message("We send a verification code to this address.")
    String register_user_hint();

    @Message("Send the code")
    String register_submit();

    @Message("Enter a valid e-mail address.")
    String register_invalid_user();

    @Message("This project does not accept User IDs of this domain.")
    String register_domain_not_allowed();

    // Verify and PIN page

    @Message("Check your e-mail")
    String verify_title();

    @Message("We sent an 8-digit code to {userId}. You can also open the link in the e-mail.")
    String verify_sent_to(String userId);

    @Message("We sent an 8-digit code to your e-mail address. You can also open the link in the e-mail.")
    String verify_sent();

    @Message("Verification code")
    String verify_code_label();

    @Message("8 digits, valid for 10 minutes.")
    String verify_code_hint();

    @Message("Verify")
    String verify_submit();

    @Message("Enter the 8 digits from the e-mail.")
    String verify_code_format();

    @Message("Checking the link...")
    String verify_link_working();

    @Message("The e-mail could not be sent yet. We keep trying; this message goes away when it has left.")
    String verify_email_delayed();

    @Message("Too many wrong codes for this User ID today. Open the link in the e-mail instead.")
    String verify_too_many_codes();

    @Message("The code is not right. Attempts left: %N%.")
    String verify_wrong_code();

    @Message("Too many wrong codes, or the code has expired. Register again.")
    String verify_void();

    @Message("This registration was completed already, perhaps in another window.")
    String verify_done_elsewhere();

    @Message("This link is not valid any more. Register again.")
    String verify_bad_link();

    @Message("Choose your PIN")
    String pin_title();

    @Message("Your e-mail address is verified. Choose a 4-digit PIN: you will type it for every one-time password.")
    String pin_intro();

    @Message("PIN (4 digits)")
    String pin_label();

    @Message("PIN again")
    String pin_confirm_label();

    @Message("Save the PIN")
    String pin_submit();

    @Message("The PIN has exactly 4 digits.")
    String pin_format();

    @Message("0000 is not allowed as a PIN.")
    String pin_zero();

    @Message("The two PINs differ.")
    String pin_mismatch();

    // OTP page

    @Message("One-time password")
    String otp_title();

    @Message("PIN for {userId}")
    String otp_pin_label(String userId);

    @Message("Get a one-time password")
    String otp_submit();

    @Message("Type this code as your VPN password:")
    String otp_your_code();

    @Message("Copy")
    String otp_copy();

    @Message("Copied")
    String otp_copied();

    @Message("Valid for %N% more seconds")
    String otp_expires_in();

    @Message("This code has expired.")
    String otp_expired();

    @Message("RETRY")
    String otp_retry();

    @Message("Wrong PIN. Attempts left: %N%.")
    String otp_wrong_pin();

    @Message("This User ID was blocked or revoked and was removed from this browser. Register it again to continue.")
    String otp_revoked();

    @Message("This User ID is not registered in this browser.")
    String otp_unknown_identity();

    @Message("Register again")
    String otp_register_again();

    // Error page

    @Message("This link is not valid")
    String error_bad_link_title();

    @Message("The OTP generation link is incomplete or malformed. Ask your administrator for the right link.")
    String error_bad_link();

    @Message("Unknown project")
    String error_unknown_project_title();

    @Message("There is no project for this link. Ask your administrator for the right link.")
    String error_unknown_project();

    @Message("Project disabled")
    String error_project_disabled_title();

    @Message("This project does not issue one-time passwords at the moment.")
    String error_project_disabled();

    @Message("Use the mobile app")
    String error_browser_not_allowed_title();

    @Message("This project issues one-time passwords on phones only.")
    String error_browser_not_allowed();

    // Log In Using Mobile, the mobile app, identity management

    @Message("Log In Using Mobile")
    String landing_mobile();

    @Message("Log In Using Mobile")
    String mobile_link_title();

    @Message("Open the camera of your phone.")
    String mobile_link_step1();

    @Message("Point it at this QR code and open the link it shows.")
    String mobile_link_step2();

    @Message("Register on the phone: from then on it makes your one-time passwords after your PIN.")
    String mobile_link_step3();

    @Message("QR code with a one-time link for the mobile app")
    String mobile_link_qr_alt();

    @Message("This QR code works once, for %N% more.")
    String mobile_link_valid();

    @Message("This QR code has expired. Show a new one.")
    String mobile_link_expired();

    @Message("New QR code")
    String mobile_link_refresh();

    @Message("ZeroPIN")
    String mobile_home_title();

    @Message("Identities on this phone")
    String mobile_home_identities();

    @Message("No identity on this phone yet.")
    String mobile_home_empty();

    @Message(
            "To add one, choose \"Log In Using Mobile\" on your project's OTP page on a computer and scan the QR code.")
    String mobile_home_hint();

    @Message("Activate the app")
    String mobile_activate_title();

    @Message("Checking the QR code...")
    String mobile_activate_working();

    @Message("This phone can now register for {project}.")
    String mobile_activate_project(String project);

    @Message("This QR code was used already. Show a new one on your computer.")
    String mobile_activate_used();

    @Message("This QR code has expired. Show a new one on your computer.")
    String mobile_activate_expired();

    @Message("This QR code is not valid. Show a new one on your computer.")
    String mobile_activate_invalid();

    @Message("Generate OTP")
    String otp_generate();

    @Message("Generate New OTP")
    String otp_generate_new();

    @Message("This identity")
    String identity_manage_title();

    @Message("Show usage history")
    String history_show();

    @Message("Show the history")
    String history_submit();

    @Message("Usage history")
    String history_title();

    @Message("Nothing recorded yet.")
    String history_empty();

    @Message("Delete this identity")
    String delete_show();

    @Message("Delete it now")
    String delete_submit();

    @Message("Enter your PIN to confirm: this proves it is you.")
    String manage_pin_hint();

    @Message("{userId} was deleted and can no longer log in.")
    String identity_deleted(String userId);

    @Message("Use a computer")
    String error_mobile_not_allowed_title();

    @Message("This project issues one-time passwords in desktop browsers only.")
    String error_mobile_not_allowed();
}
