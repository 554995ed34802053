import boto3
bedrock = boto3.client("bedrock-runtime")
r = bedrock.converse(modelId="us.deepseek.r1-v1:0", messages=[])
