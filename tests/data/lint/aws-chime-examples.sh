#!/bin/sh
# The `aws chime` examples of awscli 1.45.11 (awscli/examples/chime).
# associate-phone-number-with-user.rst
    aws chime associate-phone-number-with-user \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --user-id 1ab2345c-67de-8901-f23g-45h678901j2k \
        --e164-phone-number "+12065550100"
# associate-signin-delegate-groups-with-account.rst
    aws chime associate-signin-delegate-groups-with-account \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --signin-delegate-groups GroupName=my_users
# batch-create-room-membership.rst
    aws chime batch-create-room-membership \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j \
        --membership-item-list "MemberId=1ab2345c-67de-8901-f23g-45h678901j2k,Role=Administrator" "MemberId=2ab2345c-67de-8901-f23g-45h678901j2k,Role=Member"
# batch-delete-phone-number.rst
    aws chime batch-delete-phone-number \
        --phone-number-ids "%2B12065550100" "%2B12065550101"
# batch-suspend-user.rst
    aws chime batch-suspend-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-id-list "a1b2c3d4-5678-90ab-cdef-22222EXAMPLE" "a1b2c3d4-5678-90ab-cdef-33333EXAMPLE" "a1b2c3d4-5678-90ab-cdef-44444EXAMPLE"
# batch-unsuspend-user.rst
    aws chime batch-unsuspend-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-id-list "a1b2c3d4-5678-90ab-cdef-22222EXAMPLE" "a1b2c3d4-5678-90ab-cdef-33333EXAMPLE" "a1b2c3d4-5678-90ab-cdef-44444EXAMPLE"
# batch-update-phone-number.rst
    aws chime batch-update-phone-number \
        --update-phone-number-request-items PhoneNumberId=%2B12065550100,ProductType=BusinessCalling PhoneNumberId=%2B12065550101,ProductType=BusinessCalling
# batch-update-phone-number.rst
    aws chime batch-update-phone-number \
        --update-phone-number-request-items PhoneNumberId=%2B14013143874,CallingName=phonenumber1 PhoneNumberId=%2B14013144061,CallingName=phonenumber2
# batch-update-user.rst
    aws chime batch-update-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE
# create-account.rst
    aws chime create-account \
        --name MyChimeAccount
# create-bot.rst
    aws chime create-bot \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --display-name "myBot" \
        --domain "example.com"
# create-phone-number-order.rst
    aws chime create-phone-number-order \
        --product-type VoiceConnector \ 
# create-room-membership.rst
    aws chime create-room-membership \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j \
        --member-id 1ab2345c-67de-8901-f23g-45h678901j2k
# create-room.rst
    aws chime create-room \ 
# create-user.rst
    aws chime create-user \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --email roomdevice@example.com \
        --user-type SharedDevice
# delete-account.rst
    aws chime delete-account --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE
# delete-phone-number.rst
    aws chime delete-phone-number \
        --phone-number-id "+12065550100"
# delete-room-membership.rst
    aws chime delete-room-membership \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j \
        --member-id 1ab2345c-67de-8901-f23g-45h678901j2k
# delete-room.rst
    aws chime delete-room \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j
# disassociate-phone-number-from-user.rst
    aws chime disassociate-phone-number-from-user \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --user-id 1ab2345c-67de-8901-f23g-45h678901j2k
# disassociate-signin-delegate-groups-from-account.rst
    aws chime disassociate-signin-delegate-groups-from-account \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --group-names "my_users"
# get-account-settings.rst
    aws chime get-account-settings --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE
# get-account.rst
    aws chime get-account \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE
# get-bot.rst
    aws chime get-bot \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --bot-id 123abcd4-5ef6-789g-0h12-34j56789012k
# get-global-settings.rst
    aws chime get-global-settings
# get-phone-number-order.rst
    aws chime get-phone-number-order \
        --phone-number-order-id abc12345-de67-89f0-123g-h45i678j9012
# get-phone-number-settings.rst
    aws chime get-phone-number-settings
# get-phone-number.rst
    aws chime get-phone-number \
        --phone-number-id +12065550100
# get-room.rst
    aws chime get-room \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j
# get-user-settings.rst
    aws chime get-user-settings \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --user-id 1ab2345c-67de-8901-f23g-45h678901j2k
# get-user.rst
    aws chime get-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-id a1b2c3d4-5678-90ab-cdef-22222EXAMPLE
# invite-users.rst
    aws chime invite-users \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-email-list "alejandror@example.com" "janed@example.com"
# list-accounts.rst
    aws chime list-accounts
# list-bots.rst
    aws chime list-bots \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45
# list-phone-number-orders.rst
    aws chime list-phone-number-orders
# list-phone-numbers.rst
    aws chime list-phone-numbers
# list-room-memberships.rst
    aws chime list-room-memberships \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j
# list-rooms.rst
    aws chime list-rooms \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --member-id 1ab2345c-67de-8901-f23g-45h678901j2k
# list-users.rst
    aws chime list-users --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE
# logout-user.rst
    aws chime logout-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-id a1b2c3d4-5678-90ab-cdef-22222EXAMPLE
# regenerate-security-token.rst
    aws chime regenerate-security-token \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --bot-id 123abcd4-5ef6-789g-0h12-34j56789012k
# reset-personal-pin.rst
    aws chime reset-personal-pin \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE 
# restore-phone-number.rst
    aws chime restore-phone-number \
        --phone-number-id "+12065550100"
# search-available-phone-numbers.rst
    aws chime search-available-phone-numbers \
        --area-code "206"
# update-account-settings.rst
    aws chime update-account-settings \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --account-settings DisableRemoteControl=true
# update-account.rst
    aws chime update-account \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --name MyAccountName
# update-bot.rst
    aws chime update-bot \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --bot-id 123abcd4-5ef6-789g-0h12-34j56789012k \
        --disabled
# update-global-settings.rst
    aws chime update-global-settings \
        --business-calling CdrBucket="s3bucket" \
        --voice-connector CdrBucket="s3bucket"
# update-phone-number-settings.rst
    aws chime update-phone-number-settings \
        --calling-name "myName"
# update-phone-number.rst
    aws chime update-phone-number \
        --phone-number-id "+12065550100" \
        --product-type "BusinessCalling"
# update-phone-number.rst
    aws chime update-phone-number \
        --phone-number-id "+12065550100" \
        --calling-name "phonenumber2"
# update-room-membership.rst
    aws chime update-room-membership \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j \
        --member-id 1ab2345c-67de-8901-f23g-45h678901j2k \
        --role Administrator
# update-room.rst
    aws chime update-room \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --room-id abcd1e2d-3e45-6789-01f2-3g45h67i890j \
        --name teamRoom
# update-user-settings.rst
    aws chime update-user-settings \
        --account-id 12a3456b-7c89-012d-3456-78901e23fg45 \
        --user-id 1ab2345c-67de-8901-f23g-45h678901j2k \
        --user-settings "Telephony={InboundCalling=true,OutboundCalling=true,SMS=true}"
# update-user.rst
    aws chime update-user \
        --account-id a1b2c3d4-5678-90ab-cdef-11111EXAMPLE \
        --user-id a1b2c3d4-5678-90ab-cdef-22222EXAMPLE \
        --license-type "Basic"
