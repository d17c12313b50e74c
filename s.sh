aws chime update-user --cli-input-json file://req.json
aws chime update-user --account-id a --user-id u --license-type file://lt.txt
aws chime batch-create-room-membership --account-id a --room-id r --membership-item-list file://m.txt
aws chime update-user --cli-input-yaml file://req.json
